import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../support/app';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { usePostgres: false });
  });
  afterAll(() => t.close());

  it('reports liveness without a token', async () => {
    const res = await call(t.baseUrl, 'GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('reports ready while the database answers, and not ready once it is gone', async () => {
    const up = await call(t.baseUrl, 'GET', '/health/ready');
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ ready: true, checks: { database: { ok: true } } });

    await t.database.close();
    const down = await call(t.baseUrl, 'GET', '/health/ready');
    expect(down.status).toBe(503);
    expect(down.body.ready).toBe(false);
    expect(down.body.checks.database.ok).toBe(false);
  });
});

describe.skipIf(!process.env.REDIS_URL)('health with Redis (REDIS_URL)', () => {
  it('checks Redis too, and reports an unreachable Redis as not ready', async () => {
    const good = await startTestApp({ REDIS_URL: process.env.REDIS_URL! }, { usePostgres: false });
    try {
      const res = await call(good.baseUrl, 'GET', '/health/ready');
      expect(res.body.checks.redis.ok).toBe(true);
    } finally {
      await good.close();
    }
    const bad = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' }, { usePostgres: false });
    try {
      const res = await call(bad.baseUrl, 'GET', '/health/ready');
      expect(res.status).toBe(503);
      expect(res.body.checks.redis.ok).toBe(false);
    } finally {
      await bad.close();
    }
  });
});
