import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManaClient } from '@mana/client';
import { ModelsService } from '../../src/modules/models/models.service';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fake-openrouter';
import { call, startTestApp, type TestApp } from '../support/app';
import { collect, replyOf, textDeltas, waitForFinal } from '../support/chat';
import { createTestPostgres } from '../support/postgres';
import { startTcpProxy } from '../support/tcp-proxy';

const pgUrl = process.env.TEST_DATABASE_URL;
const runnable = Boolean(pgUrl) && process.env.MANA_TEST_DATABASE !== 'pglite';

describe.skipIf(!runnable)('the database going away (PostgreSQL behind a proxy we cut)', () => {
  let fake: FakeOpenRouter;
  let pg: { url: string; drop(): Promise<void> };
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let t: TestApp;
  let client: ManaClient;

  beforeAll(async () => {
    fake = await startFakeOpenRouter();
    pg = await createTestPostgres(pgUrl!);
    const real = new URL(pg.url);
    proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
    const viaProxy = new URL(pg.url);
    viaProxy.port = String(proxy.port);
    t = await startTestApp({ DATABASE_URL: viaProxy.toString(), OPENROUTER_API_KEY: fake.apiKey, OPENROUTER_BASE_URL: fake.baseUrl }, { usePostgres: false, databaseUrl: viaProxy.toString() });
    await t.app.get(ModelsService).initialSync;
    ({ client } = await t.newUser());
  }, 60_000);
  afterAll(async () => {
    proxy.restore();
    await t?.close();
    await proxy?.close();
    await fake?.close();
    await pg?.drop();
  });

  it('keeps the process up, reports not ready, ends the stream with an error, keeps what was acknowledged, and recovers', async () => {
    const chat = await client.createConversation({ modelId: 'openai/gpt-4o-mini', title: 'Outage' });
    fake.nextScenario({ stream: { deltas: 60, intervalMs: 50 } });
    const events = [];
    let cutAt = 0;
    for await (const e of client.streamMessage(chat.id, { content: 'survive this' })) {
      events.push(e);
      // After a checkpoint has been written (2 s), the database disappears.
      if (!cutAt && textDeltas(events).length === 45) {
        cutAt = Date.now();
        proxy.cut();
        const ready = await call(t.baseUrl, 'GET', '/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.body.checks.database.ok).toBe(false);
      }
    }
    const reply = replyOf(events);
    expect(reply.status).toBe('failed');
    expect(reply.error?.code).toBe('NOT_READY');
    // Requests during the outage get a clear, retryable answer.
    const during = await call(t.baseUrl, 'GET', '/conversations', { token: client.accessToken! });
    expect(during.status).toBe(503);
    expect(during.body.error.code).toBe('NOT_READY');

    proxy.restore();
    let ready = 0;
    for (let i = 0; i < 100 && ready !== 200; i++) {
      ready = (await call(t.baseUrl, 'GET', '/health/ready')).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready).toBe(200);
    // The user's message was acknowledged before the outage and is there; so is the checkpointed text.
    const page = await client.listMessages(chat.id);
    expect(page.items[0]).toMatchObject({ role: 'user', content: 'survive this' });
    const stored = page.items[1];
    expect(reply.text.startsWith(stored.content)).toBe(true);
    expect(stored.content.length).toBeGreaterThan(0);
    // And the service works again.
    fake.nextScenario({ stream: { deltas: 2 } });
    const after = await collect(client.streamMessage(chat.id, { content: 'back?' }));
    expect((await waitForFinal(client, replyOf(after).messageId!)).status).toBe('complete');
  }, 60_000);
});
