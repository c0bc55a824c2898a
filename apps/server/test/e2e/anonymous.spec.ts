import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../support/app';

/** Every route but the public ones refuses a caller without a token, before looking at anything else. */
const ID = '00000000-0000-4000-8000-000000000001';
const PROTECTED: [string, string][] = [
  ['GET', '/auth/me'],
  ['GET', '/chat/models'],
  ['POST', '/chat/models/sync'],
  ['GET', '/conversations'],
  ['POST', '/conversations'],
  ['GET', `/conversations/${ID}`],
  ['PATCH', `/conversations/${ID}`],
  ['DELETE', `/conversations/${ID}`],
  ['GET', `/conversations/${ID}/messages`],
  ['POST', `/conversations/${ID}/messages`],
  ['PUT', `/conversations/${ID}/branch`],
  ['GET', `/conversations/${ID}/export`],
  ['GET', '/conversations/export'],
  ['POST', '/conversations/import'],
  ['POST', `/conversations/${ID}/share`],
  ['GET', `/conversations/${ID}/shares`],
  ['DELETE', '/shares/abcdefghijklmnopqrstuvwxyz012345'],
  ['GET', `/conversations/${ID}/document`],
  ['GET', `/conversations/${ID}/document/versions`],
  ['GET', `/messages/${ID}`],
  ['GET', `/messages/${ID}/stream`],
  ['POST', `/messages/${ID}/stop`],
  ['POST', `/messages/${ID}/regenerate`],
  ['POST', `/messages/${ID}/edit`],
  ['GET', '/search?q=x'],
  ['GET', '/usage'],
  ['GET', '/usage/export.csv'],
  ['GET', '/templates'],
  ['POST', '/templates'],
  ['GET', '/api-keys'],
  ['POST', '/api-keys'],
  ['POST', '/chat/completions'],
  ['GET', '/events'],
  ['GET', '/spaces'],
  ['POST', '/spaces'],
  ['GET', `/spaces/${ID}`],
  ['GET', '/spaces/invitations'],
  ['GET', `/spaces/${ID}/members`],
];

describe('anonymous callers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { usePostgres: false });
  });
  afterAll(() => t.close());

  it.each(PROTECTED)('%s %s answers 401', async (method, path) => {
    const res = await call(t.baseUrl, method, path, { body: method === 'GET' || method === 'DELETE' ? undefined : {} });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
  });

  it.each([
    ['GET', '/health'],
    ['GET', '/auth/jwks'],
  ])('%s %s is public', async (method, path) => {
    expect((await call(t.baseUrl, method, path)).status).toBe(200);
  });
});
