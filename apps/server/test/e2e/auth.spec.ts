import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@mana/contracts';
import { ManaClient } from '@mana/client';
import { loadOrCreateSigningKeys } from '../../src/modules/auth/signing-keys';
import { call, startTestApp, type TestApp } from '../support/app';

describe('accounts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('registers, reads me, logs in, refreshes and logs out', async () => {
    const client = t.client();
    const registered = await client.register({ email: 'Ada@Example.com', password: 'analytical engine', name: 'Ada' });
    expect(registered).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { email: 'Ada@Example.com', name: 'Ada' } });
    expect(await client.me()).toMatchObject({ id: registered.user.id, name: 'Ada' });

    const again = new ManaClient({ baseUrl: t.baseUrl });
    const login = await again.login({ email: 'ada@example.COM', password: 'analytical engine' });
    expect(login.user.id).toBe(registered.user.id);

    const refreshed = await call(t.baseUrl, 'POST', '/auth/refresh', { body: { refreshToken: login.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(login.refreshToken);
    expect((await call(t.baseUrl, 'GET', '/auth/me', { token: refreshed.body.accessToken })).body.id).toBe(registered.user.id);

    const logout = await call(t.baseUrl, 'POST', '/auth/logout', { body: { refreshToken: refreshed.body.refreshToken } });
    expect(logout.status).toBe(204);
    const afterLogout = await call(t.baseUrl, 'POST', '/auth/refresh', { body: { refreshToken: refreshed.body.refreshToken } });
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.body.error.code).toBe('UNAUTHORIZED');
  });

  it('answers a wrong password with 401 and the same message as an unknown email', async () => {
    const { email } = await t.newUser();
    const wrong = await call(t.baseUrl, 'POST', '/auth/login', { body: { email, password: 'not the password' } });
    const unknown = await call(t.baseUrl, 'POST', '/auth/login', { body: { email: 'nobody@example.com', password: 'whatever1' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toEqual(unknown.body.error);
  });

  it('refuses a duplicate email in any letter case with 409', async () => {
    await t.client().register({ email: 'grace@example.com', password: 'compilers!', name: 'Grace' });
    const dup = await call(t.baseUrl, 'POST', '/auth/register', {
      body: { email: 'GRACE@Example.com', password: 'compilers!', name: 'Grace 2' },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('CONFLICT');
  });

  it('answers malformed bodies with 400 and field details', async () => {
    const bad = await call(t.baseUrl, 'POST', '/auth/register', { body: { email: 'not-an-email', password: 'short', name: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(['email', 'name', 'password']);

    const unknownField = await call(t.baseUrl, 'POST', '/auth/login', { body: { email: 'a@b.co', password: 'x', admin: true } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.details.fields[0].message).toContain('admin');

    const notJson = await call(t.baseUrl, 'POST', '/auth/login', { rawBody: '{"email":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('VALIDATION');

    const wrongType = await call(t.baseUrl, 'POST', '/auth/login', { rawBody: 'email=a', headers: { 'content-type': 'text/plain' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.code).toBe('VALIDATION');
  });

  it('answers unknown routes with the error envelope and echoes a request id', async () => {
    const res = await call(t.baseUrl, 'GET', '/no/such/route', { headers: { 'x-request-id': 'trace-123' } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Route not found' } });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
    const made = await call(t.baseUrl, 'GET', '/health');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('revokes the whole family when a rotated refresh token is reused', async () => {
    const client = t.client();
    const first = await client.register({ email: 'reuse@example.com', password: 'password123', name: 'R' });
    const second = await call(t.baseUrl, 'POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(second.status).toBe(200);
    // The stolen, already-rotated token is presented again: the family dies...
    const replay = await call(t.baseUrl, 'POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(replay.status).toBe(401);
    // ...including the legitimate newest token.
    const newest = await call(t.baseUrl, 'POST', '/auth/refresh', { body: { refreshToken: second.body.refreshToken } });
    expect(newest.status).toBe(401);
  });

  describe('access tokens', () => {
    let token: string;
    beforeAll(async () => {
      const { client } = await t.newUser();
      token = client.accessToken!;
    });
    const me = (bearer?: string) => call(t.baseUrl, 'GET', '/auth/me', { token: bearer });

    it('accepts a valid token', async () => {
      expect((await me(token)).status).toBe(200);
    });

    it('rejects a missing token', async () => {
      const res = await me();
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    });

    it('rejects a tampered token', async () => {
      const [h, p, s] = token.split('.');
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
      payload.sub = 'someone-else';
      const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
      expect((await me(forged)).status).toBe(401);
    });

    it('rejects alg: none', async () => {
      const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const unsigned = `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
      expect((await me(unsigned)).status).toBe(401);
    });

    it('rejects an expired token', async () => {
      const short = await startTestApp({ ACCESS_TOKEN_TTL_S: '30' }, { usePostgres: false });
      try {
        const { client } = await short.newUser();
        const header = JSON.parse(Buffer.from(client.accessToken!.split('.')[0], 'base64url').toString());
        expect(header.alg).toBe('ES256');
        // Sign an already-expired token with the server's own key, read from its database.
        const { active } = await loadOrCreateSigningKeys(short.database.db);
        const expired = await new SignJWT({})
          .setProtectedHeader({ alg: 'ES256', kid: active.kid })
          .setSubject('x')
          .setIssuer('mana-chat')
          .setAudience('mana-chat-api')
          .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
          .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
          .sign(active.privateKey);
        expect((await call(short.baseUrl, 'GET', '/auth/me', { token: expired })).status).toBe(401);
        // The same key with a valid expiry is accepted, so the expiry is what was refused.
        const fresh = await new SignJWT({})
          .setProtectedHeader({ alg: 'ES256', kid: active.kid })
          .setSubject('x')
          .setIssuer('mana-chat')
          .setAudience('mana-chat-api')
          .setIssuedAt()
          .setExpirationTime('1m')
          .sign(active.privateKey);
        expect((await call(short.baseUrl, 'GET', '/auth/me', { token: fresh })).status).toBe(200);
      } finally {
        await short.close();
      }
    });

    it('rejects a token from an issuer it does not trust', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const foreign = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256' })
        .setSubject('intruder')
        .setIssuer('https://evil.example')
        .setAudience('mana-chat-api')
        .setExpirationTime('5m')
        .sign(privateKey);
      expect((await me(foreign)).status).toBe(401);
      const ourIssuerForeignKey = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'forged' })
        .setSubject('intruder')
        .setIssuer('mana-chat')
        .setAudience('mana-chat-api')
        .setExpirationTime('5m')
        .sign(privateKey);
      expect((await me(ourIssuerForeignKey)).status).toBe(401);
    });
  });

  it('publishes its public signing key at /auth/jwks', async () => {
    const res = await call(t.baseUrl, 'GET', '/auth/jwks');
    expect(res.status).toBe(200);
    expect(res.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(res.body.keys[0].d).toBeUndefined();
  });
});

describe('external issuer mode', () => {
  let jwks: Server;
  let issuerKey: CryptoKey;
  let t: TestApp;
  const ISSUER = 'https://auth.mana.test';

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    issuerKey = pair.privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'core-1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const port = (jwks.address() as { port: number }).port;
    t = await startTestApp({ AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`, AUTH_ISSUER: ISSUER });
  });
  afterAll(async () => {
    await t.close();
    jwks.close();
  });

  const tokenFrom = (key: CryptoKey, kid = 'core-1') =>
    new SignJWT({ email: 'core@mana.test' })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject('core-user-42')
      .setIssuer(ISSUER)
      .setExpirationTime('5m')
      .sign(key);

  it("accepts the issuer's token and uses its sub as the user id", async () => {
    const res = await call(t.baseUrl, 'GET', '/auth/me', { token: await tokenFrom(issuerKey) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'core-user-42', email: 'core@mana.test' });
  });

  it('rejects a token claiming that issuer but signed by another key', async () => {
    const other = await generateKeyPair('RS256');
    const res = await call(t.baseUrl, 'GET', '/auth/me', { token: await tokenFrom(other.privateKey) });
    expect(res.status).toBe(401);
  });
});

describe('login brute-force limits', () => {
  it('answers 429 with Retry-After once an account sees too many attempts', async () => {
    const t = await startTestApp({ LOGIN_LIMIT_PER_ACCOUNT: '3' }, { usePostgres: false });
    try {
      const { email } = await t.newUser();
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 4; i++) {
        last = await call(t.baseUrl, 'POST', '/auth/login', { body: { email, password: 'wrong-password' } });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      expect(last!.body.error.code).toBe('RATE_LIMITED');
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      await expect(t.client().login({ email, password: 'correct horse battery staple' })).rejects.toBeInstanceOf(AppError);
    } finally {
      await t.close();
    }
  });
});
