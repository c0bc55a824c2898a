import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccessTokens } from './access-tokens';
import { ACCESS_TOKEN_ALG } from './signing-keys';
import { VerifiedTokens } from './verified-tokens';

async function builtInTokens(ttlS = 60, external: { issuer: string; jwksUrl: string } | null = null) {
  const { privateKey, publicKey } = await generateKeyPair(ACCESS_TOKEN_ALG, { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: ACCESS_TOKEN_ALG, use: 'sig' };
  return new AccessTokens({ kid: 'k1', privateKey, publicJwk }, [publicJwk], ttlS, external);
}

const user = { id: 'user-1', email: 'ada@example.com' };

afterEach(() => {
  vi.useRealTimers();
});

describe('verified access tokens', () => {
  it('are refused from the moment they expire, though their verification was kept', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T10:00:00.000Z'));
    const tokens = await builtInTokens(60);
    const token = await tokens.sign(user, 'session-1');
    expect(await tokens.verify(token)).toEqual({ sub: 'user-1', email: 'ada@example.com', external: false, sessionId: 'session-1' });
    vi.setSystemTime(new Date('2026-11-25T10:00:59.999Z'));
    expect(await tokens.verify(token)).toMatchObject({ sub: 'user-1' });
    vi.setSystemTime(new Date('2026-11-25T10:01:00.000Z'));
    expect(await tokens.verify(token)).toBeNull();
  });

  it('refuse every altered copy of a token whose verification was kept', async () => {
    const tokens = await builtInTokens();
    const token = await tokens.sign(user, 'session-1');
    expect(await tokens.verify(token)).not.toBeNull();
    const [header, payload, signature] = token.split('.');

    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const otherSub = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
    expect(await tokens.verify(`${header}.${otherSub}.${signature}`)).toBeNull();
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    expect(await tokens.verify(`${header}.${payload}.${flipped}`)).toBeNull();
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(await tokens.verify(`${none}.${payload}.`)).toBeNull();

    expect(await tokens.verify(token)).toMatchObject({ sub: 'user-1' });
  });

  it("verify an external issuer's token again after ten minutes, so a withdrawn key stops working", async () => {
    const issuerKey = await generateKeyPair('RS256');
    const otherKey = await generateKeyPair('RS256');
    let published = [{ ...(await exportJWK(issuerKey.publicKey)), kid: 'issuer-1', alg: 'RS256', use: 'sig' }];
    const jwks: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    try {
      const issuer = 'https://auth.example.com';
      const tokens = await builtInTokens(60, { issuer, jwksUrl: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks` });
      vi.useFakeTimers({ toFake: ['Date'] });
      const token = await new SignJWT({ email: 'ext@example.com' })
        .setProtectedHeader({ alg: 'RS256', kid: 'issuer-1' })
        .setSubject('external-sub')
        .setIssuer(issuer)
        .setIssuedAt()
        .setExpirationTime('2h')
        .sign(issuerKey.privateKey);
      expect(await tokens.verify(token)).toEqual({ sub: 'external-sub', email: 'ext@example.com', external: true, sessionId: null });

      published = [{ ...(await exportJWK(otherKey.publicKey)), kid: 'issuer-2', alg: 'RS256', use: 'sig' }];
      vi.setSystemTime(Date.now() + 11 * 60_000);
      expect(await tokens.verify(token)).toBeNull();
    } finally {
      jwks.close();
    }
  });
});

describe('the verified-token cache', () => {
  const verified = (sub: string) => ({ sub, email: null, external: false, sessionId: null });

  it('holds a bounded number of tokens and lets the least recently used go first', () => {
    const cache = new VerifiedTokens(2);
    cache.remember('a', verified('a'), 10_000);
    cache.remember('b', verified('b'), 10_000);
    expect(cache.find('a', 0)).toMatchObject({ sub: 'a' });
    cache.remember('c', verified('c'), 10_000);
    expect(cache.size).toBe(2);
    expect(cache.find('b', 0)).toBeNull();
    expect(cache.find('a', 0)).toMatchObject({ sub: 'a' });
    expect(cache.find('c', 0)).toMatchObject({ sub: 'c' });
  });

  it('lets a token go at its expiry', () => {
    const cache = new VerifiedTokens();
    cache.remember('t', verified('t'), 1_000);
    expect(cache.find('t', 999)).not.toBeNull();
    expect(cache.find('t', 1_000)).toBeNull();
    expect(cache.size).toBe(0);
  });
});
