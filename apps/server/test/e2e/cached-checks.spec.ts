import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManaClient } from '@mana/client';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { type DatabaseHandle, openDatabase } from '../../src/db/database';
import { ModelsService } from '../../src/modules/models/models.service';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fake-openrouter';
import { refusingBaseUrl } from '../fake-openrouter/refusing-base-url';
import { call, startTestApp, type TestApp } from '../support/app';
import { waitForFinal } from '../support/chat';
import { createTestPostgres } from '../support/postgres';

// What the per-request checks keep in memory (spending limits, verified tokens) and the usage rows
// written in batches must never let through what the database would refuse, nor lose a row.

const prompt = [{ role: 'user', content: 'hi' }];
const completion = (baseUrl: string, token: string, body: Record<string, unknown> = {}) =>
  call(baseUrl, 'POST', '/chat/completions', { token, body: { model: 'builtin/echo', messages: prompt, ...body } });

async function until(condition: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('checks kept off the database per request', () => {
  let fake: FakeOpenRouter;
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['newUser']>>;

  beforeAll(async () => {
    fake = await startFakeOpenRouter();
    t = await startTestApp({
      OPENROUTER_API_KEY: fake.apiKey,
      OPENROUTER_BASE_URL: fake.baseUrl,
      OPENAI_COMPATIBLE_BASE_URL: await refusingBaseUrl(),
    });
    await t.app.get(ModelsService).initialSync;
    admin = await t.newUser('Admin');
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const setLimit = (userId: string, monthlySpendLimitUsd: number | null) => admin.client.adminUpdateUser(userId, { monthlySpendLimitUsd });

  describe('spending limits', () => {
    it('apply a limit the moment an admin sets it, though "no limit" was just remembered', async () => {
      const { client, userId } = await t.newUser();
      const key = await client.createApiKey('script');
      const conversation = await client.createConversation({ modelId: 'builtin/echo', title: 'limited' });
      expect((await completion(t.baseUrl, key.secret)).status).toBe(200);
      expect((await completion(t.baseUrl, key.secret)).status).toBe(200);

      await setLimit(userId, 0);
      const refused = await completion(t.baseUrl, key.secret);
      expect(refused.status).toBe(402);
      expect(refused.body.error).toMatchObject({ code: 'SPEND_LIMIT_REACHED', details: { limitUsd: 0 } });
      const send = await call(t.baseUrl, 'POST', `/conversations/${conversation.id}/messages`, {
        token: client.accessToken!,
        body: { content: 'refused' },
        headers: { accept: 'application/json' },
      });
      expect(send.status).toBe(402);

      await setLimit(userId, null);
      expect((await completion(t.baseUrl, key.secret)).status).toBe(200);
    });

    it('refuse the next API request once one crossed the limit', async () => {
      const { client, userId } = await t.newUser();
      const key = await client.createApiKey('script');
      await setLimit(userId, 1);
      fake.nextScenario({ stream: { deltas: 2, intervalMs: 0, cost: 1.5 } });
      const crossing = await completion(t.baseUrl, key.secret, { model: 'openai/gpt-4o-mini', stream: true });
      expect(crossing.status).toBe(200);
      expect(crossing.body).toContain('[DONE]');

      // At once: the row may still wait for its batch, the spend is counted already.
      const next = await completion(t.baseUrl, key.secret);
      expect(next.status).toBe(402);
      expect(next.body.error.details).toMatchObject({ limitUsd: 1, spentUsd: 1.5 });
    });

    it('refuse the next message once a chat reply crossed the limit', async () => {
      const { client, userId } = await t.newUser();
      const conversation = await client.createConversation({ modelId: 'openai/gpt-4o-mini', title: 'expensive' });
      await setLimit(userId, 1);
      fake.nextScenario({ stream: { deltas: 2, intervalMs: 0, cost: 1.5 } });
      const sent = await client.sendMessage(conversation.id, { content: 'crossing' });
      expect((await waitForFinal(client, sent.assistantMessages[0].id)).status).toBe('complete');

      const next = await call(t.baseUrl, 'POST', `/conversations/${conversation.id}/messages`, {
        token: client.accessToken!,
        body: { content: 'one more' },
        headers: { accept: 'application/json' },
      });
      expect(next.status).toBe(402);
      expect(next.body.error.details).toMatchObject({ limitUsd: 1, spentUsd: 1.5 });
    });
  });

  describe('usage rows written in batches', () => {
    it('show every answered request in GET /usage and the CSV right away', async () => {
      const { client } = await t.newUser();
      const key = await client.createApiKey('script');
      for (let i = 0; i < 3; i++) expect((await completion(t.baseUrl, key.secret)).status).toBe(200);
      expect((await completion(t.baseUrl, key.secret, { stream: true })).status).toBe(200);

      expect((await client.usage()).totals.generations).toBe(4);
      const csv = (await client.usageCsv()).trim().split('\n');
      expect(csv).toHaveLength(5);
      expect(csv.slice(1).every((line) => line.includes(',builtin/echo,openai-api,'))).toBe(true);
    });
  });

  describe('session tokens', () => {
    it('refuse a token whose sign-in was revoked, though its verification was remembered', async () => {
      const { client, email, password } = await t.newUser();
      const laptop = t.client();
      await laptop.login({ email, password });
      const laptopToken = laptop.accessToken!;
      expect((await call(t.baseUrl, 'GET', '/auth/me', { token: laptopToken })).status).toBe(200);
      const laptopSession = (await laptop.listSessions()).items.find((s) => s.current)!;

      expect((await client.raw('DELETE', `/account/sessions/${laptopSession.id}`)).status).toBe(204);
      const refused = await call(t.baseUrl, 'GET', '/auth/me', { token: laptopToken });
      expect(refused.status).toBe(401);
      expect(refused.body.error.message).toContain('signed out');
      expect((await call(t.baseUrl, 'GET', '/auth/me', { token: client.accessToken! })).status).toBe(200);
    });

    it('refuse a disabled account at once, though its token was remembered', async () => {
      const { client, userId } = await t.newUser();
      expect((await call(t.baseUrl, 'GET', '/auth/me', { token: client.accessToken! })).status).toBe(200);
      await admin.client.adminUpdateUser(userId, { disabled: true });
      expect((await call(t.baseUrl, 'GET', '/auth/me', { token: client.accessToken! })).status).toBe(403);
    });

    it('refuse an altered copy of a token in use', async () => {
      const { client, userId } = await t.newUser();
      const token = client.accessToken!;
      expect((await call(t.baseUrl, 'GET', '/auth/me', { token })).body.id).toBe(userId);
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const asAdmin = Buffer.from(JSON.stringify({ ...claims, sub: admin.userId })).toString('base64url');
      expect((await call(t.baseUrl, 'GET', '/auth/me', { token: `${header}.${asAdmin}.${signature}` })).status).toBe(401);
      const flipped = signature.slice(0, 20) + (signature[20] === 'A' ? 'B' : 'A') + signature.slice(21);
      expect((await call(t.baseUrl, 'GET', '/auth/me', { token: `${header}.${payload}.${flipped}` })).status).toBe(401);
      expect((await call(t.baseUrl, 'GET', '/auth/me', { token })).body.id).toBe(userId);
    });
  });
});

describe('usage rows across a graceful shutdown', () => {
  const pgUrl = process.env.MANA_TEST_DATABASE === 'pglite' ? undefined : process.env.TEST_DATABASE_URL;

  async function start(open: () => DatabaseHandle, databaseUrl: string | undefined): Promise<{ app: NestFastifyApplication; baseUrl: string }> {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      PORT: '0',
      ECHO_DELAY_MS: '0',
      REGISTER_LIMIT_PER_IP: '100000',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    });
    const app = await createApp({ config, database: open() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { app, baseUrl: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}` };
  }

  it('keep the rows of requests answered just before the app stopped', async () => {
    const pg = pgUrl ? await createTestPostgres(pgUrl) : null;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mana-usage-'));
    const open = () => openDatabase(pg ? { url: pg.url } : { dataDir });
    try {
      const first = await start(open, pg?.url);
      const client = new ManaClient({ baseUrl: first.baseUrl });
      const tokens = await client.register({ email: `batch-${Date.now()}@example.com`, password: 'batched rows!', name: 'B' });
      const key = await client.createApiKey('script');
      for (let i = 0; i < 3; i++) expect((await completion(first.baseUrl, key.secret)).status).toBe(200);
      // At once, before the batch's timer: the shutdown itself must write the rows.
      await first.app.close();

      const second = await start(open, pg?.url);
      try {
        const usage = await new ManaClient({ baseUrl: second.baseUrl, tokens }).usage();
        expect(usage.totals.generations).toBe(3);
      } finally {
        await second.app.close();
      }
    } finally {
      await pg?.drop();
    }
  });
});

const sharedPgUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const twoReplicas = Boolean(sharedPgUrl && redisUrl) && process.env.MANA_TEST_DATABASE !== 'pglite';

describe.skipIf(!twoReplicas)('spending limits on two replicas (PostgreSQL and REDIS_URL)', () => {
  let fake: FakeOpenRouter;
  let pg: { url: string; drop(): Promise<void> };
  let a: TestApp;
  let b: TestApp;
  // One account (the first, so an admin) limits itself: sign-ups per IP are counted in the shared Redis.
  let owner: Awaited<ReturnType<TestApp['newUser']>>;
  let key: string;
  const setOwnLimit = (monthlySpendLimitUsd: number | null) => owner.client.adminUpdateUser(owner.userId, { monthlySpendLimitUsd });

  beforeAll(async () => {
    fake = await startFakeOpenRouter();
    pg = await createTestPostgres(sharedPgUrl!);
    const env = { DATABASE_URL: pg.url, REDIS_URL: redisUrl!, OPENROUTER_API_KEY: fake.apiKey, OPENROUTER_BASE_URL: fake.baseUrl };
    a = await startTestApp(env, { usePostgres: false, databaseUrl: pg.url });
    b = await startTestApp(env, { usePostgres: false, databaseUrl: pg.url });
    await Promise.all([a.app.get(ModelsService).initialSync, b.app.get(ModelsService).initialSync]);
    owner = await a.newUser('Owner');
    key = (await owner.client.createApiKey('script')).secret;
  });
  afterAll(async () => {
    await Promise.all([a?.app.close(), b?.app.close()]);
    await fake?.close();
    await pg?.drop();
  });

  it('apply a limit set through one replica on the other within moments, not after its cache time', async () => {
    expect((await completion(b.baseUrl, key)).status).toBe(200);
    await setOwnLimit(0);
    await until(async () => (await completion(b.baseUrl, key)).status === 402, 2_000);
  });

  it('count a spend made on one replica on the other once its batch is written', async () => {
    await setOwnLimit(1);
    await until(async () => (await completion(b.baseUrl, key)).status === 200, 2_000);

    fake.nextScenario({ stream: { deltas: 2, intervalMs: 0, cost: 1.5 } });
    expect((await completion(a.baseUrl, key, { model: 'openai/gpt-4o-mini', stream: true })).status).toBe(200);
    expect((await completion(a.baseUrl, key)).status).toBe(402);
    await until(async () => (await completion(b.baseUrl, key)).status === 402, 2_000);
  });
});
