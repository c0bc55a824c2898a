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

export const BUILT_IN_ISSUER = 'mana-chat';
export const ACCESS_TOKEN_AUDIENCE = 'mana-chat-api';
/** Asymmetric algorithms accepted from an external issuer; `none` and HMAC never are. */
const EXTERNAL_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

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
        return { sub: payload.sub, email: typeof payload.email === 'string' ? payload.email : null, external: false, sessionId };
      }
      if (this.external && this.externalKeys && issuer === this.external.issuer) {
        const { payload } = await jwtVerify(token, this.externalKeys, {
          algorithms: EXTERNAL_ALGORITHMS,
          issuer: this.external.issuer,
        });
        if (!payload.sub) return null;
        return { sub: payload.sub, email: typeof payload.email === 'string' ? payload.email : null, external: true, sessionId: null };
      }
    } catch {
      return null;
    }
    return null;
  }
}
