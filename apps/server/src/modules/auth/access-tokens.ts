import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  type JWK,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose';
import { ACCESS_TOKEN_ALG, type SigningKey } from './signing-keys';
import { VerifiedTokens } from './verified-tokens';

export const BUILT_IN_ISSUER = 'mana-chat';
export const ACCESS_TOKEN_AUDIENCE = 'mana-chat-api';
/** Asymmetric algorithms accepted from an external issuer; `none` and HMAC never are. */
const EXTERNAL_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/**
 * An external issuer's verified token is verified again after this long even if it expires later:
 * jose refreshes the issuer's key set at the same age, so a key the issuer withdrew stops working
 * as soon as it would without the cache.
 */
const EXTERNAL_REVERIFY_MS = 10 * 60_000;

export interface VerifiedToken {
  sub: string;
  email: string | null;
  external: boolean;
  /** The sign-in (refresh-token family) a built-in token was issued for; null for external or older tokens. */
  sessionId: string | null;
}

export interface ExternalIssuer {
  issuer: string;
  jwksUrl: string;
}

/** Signs our access tokens and verifies ours and, when configured, an external issuer's. */
export class AccessTokens {
  private readonly localKeys: JWTVerifyGetKey;
  private readonly externalKeys: JWTVerifyGetKey | null;
  /**
   * Only the signature and claims check is remembered. Whether the account and the sign-in may
   * still be used is asked of AccountAccess on every request, so revocation is not weakened.
   */
  private readonly verified = new VerifiedTokens();

  constructor(
    private readonly signingKey: SigningKey,
    publicJwks: JWK[],
    private readonly ttlS: number,
    private readonly external: ExternalIssuer | null,
  ) {
    this.localKeys = createLocalJWKSet({ keys: publicJwks });
    this.externalKeys = external ? createRemoteJWKSet(new URL(external.jwksUrl), { timeoutDuration: 5_000 }) : null;
    this.jwks = { keys: publicJwks };
  }

  /** The public keys, served at GET /auth/jwks. */
  readonly jwks: { keys: JWK[] };

  get expiresInS(): number {
    return this.ttlS;
  }

  sign(user: { id: string; email: string }, sessionId: string): Promise<string> {
    return new SignJWT({ email: user.email, sid: sessionId })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid: this.signingKey.kid, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(BUILT_IN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlS}s`)
      .sign(this.signingKey.privateKey);
  }

  /** Null for anything that is not a valid, unexpired token of a trusted issuer. */
  async verify(token: string): Promise<VerifiedToken | null> {
    const known = this.verified.find(token);
    if (known) return known;
    const checked = await this.check(token);
    if (!checked) return null;
    // A token without `exp` never expires for jose: verify it every time rather than keep it forever.
    if (checked.exp !== undefined) {
      const expiresAtMs = checked.exp * 1000;
      const keepUntil = checked.verified.external ? Math.min(expiresAtMs, Date.now() + EXTERNAL_REVERIFY_MS) : expiresAtMs;
      this.verified.remember(token, checked.verified, keepUntil);
    }
    return checked.verified;
  }

  /** jose's verification: signature, issuer, audience, algorithm, expiry. */
  private async check(token: string): Promise<{ verified: VerifiedToken; exp: number | undefined } | null> {
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      return null;
    }
    try {
      if (issuer === BUILT_IN_ISSUER) {
        const { payload } = await jwtVerify(token, this.localKeys, {
          algorithms: [ACCESS_TOKEN_ALG],
          issuer: BUILT_IN_ISSUER,
          audience: ACCESS_TOKEN_AUDIENCE,
        });
        if (!payload.sub) return null;
        const sessionId = typeof payload.sid === 'string' ? payload.sid : null;
        const email = typeof payload.email === 'string' ? payload.email : null;
        return { verified: { sub: payload.sub, email, external: false, sessionId }, exp: payload.exp };
      }
      if (this.external && this.externalKeys && issuer === this.external.issuer) {
        const { payload } = await jwtVerify(token, this.externalKeys, {
          algorithms: EXTERNAL_ALGORITHMS,
          issuer: this.external.issuer,
        });
        if (!payload.sub) return null;
        const email = typeof payload.email === 'string' ? payload.email : null;
        return { verified: { sub: payload.sub, email, external: true, sessionId: null }, exp: payload.exp };
      }
    } catch {
      return null;
    }
    return null;
  }
}
