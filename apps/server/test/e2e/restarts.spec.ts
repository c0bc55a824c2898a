import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManaClient } from '@mana/client';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fake-openrouter';
import { textDeltas, waitForFinal } from '../support/chat';
import { serverIsBuilt, startServerProcess } from '../support/server-process';

// These run on the embedded database (their own DATA_DIR), once per `npm test`.
const runnable = serverIsBuilt() && process.env.MANA_TEST_DATABASE !== 'postgres';
if (!serverIsBuilt()) console.log('NOTICE restart suite skipped: build the server first (npm run build).');

describe.skipIf(!runnable)('restarts', () => {
  let fake: FakeOpenRouter;
  beforeAll(async () => {
    fake = await startFakeOpenRouter();
  });
  afterAll(() => fake.close());

  const envFor = (dataDir: string, extra: Record<string, string> = {}) => ({
    DATA_DIR: dataDir,
    OPENROUTER_API_KEY: fake.apiKey,
    OPENROUTER_BASE_URL: fake.baseUrl,
    ...extra,
  });

  async function startReply(client: ManaClient, deltas: number, intervalMs: number) {
    const conversation = await client.createConversation({ modelId: 'openai/gpt-4o-mini', title: 'Restart' });
    fake.nextScenario({ stream: { deltas, intervalMs } });
    const sent = await client.sendMessage(conversation.id, { content: 'keep going' });
    return sent.assistantMessages[0].id;
  }

  it('lets a running reply finish on SIGTERM, then exits cleanly', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mana-graceful-'));
    const server = await startServerProcess(envFor(dataDir, { SHUTDOWN_GRACE_MS: '10000' }));
    const client = new ManaClient({ baseUrl: server.baseUrl });
    const tokens = await client.register({ email: 'graceful@example.com', password: 'graceful!!', name: 'G' });
    const replyId = await startReply(client, 20, 50);
    await new Promise((r) => setTimeout(r, 200));
    expect(await server.stop('SIGTERM')).toBe(0);

    const again = await startServerProcess(envFor(dataDir));
    try {
      const reply = await waitForFinal(new ManaClient({ baseUrl: again.baseUrl, tokens }), replyId);
      expect(reply.status).toBe('complete');
      expect(reply.content).toBe(Array.from({ length: 20 }, (_, i) => `word${i} `).join(''));
    } finally {
      await again.stop();
    }
  });

  it('stores a reply that outlives the grace period as interrupted, with its text', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mana-grace-over-'));
    const server = await startServerProcess(envFor(dataDir, { SHUTDOWN_GRACE_MS: '300' }));
    const client = new ManaClient({ baseUrl: server.baseUrl });
    const tokens = await client.register({ email: 'impatient@example.com', password: 'impatient!', name: 'I' });
    const replyId = await startReply(client, 500, 20);
    await new Promise((r) => setTimeout(r, 400));
    expect(await server.stop('SIGTERM')).toBe(0);

    const again = await startServerProcess(envFor(dataDir));
    try {
      const reply = await waitForFinal(new ManaClient({ baseUrl: again.baseUrl, tokens }), replyId);
      expect(reply).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
      expect(reply.content).toMatch(/^word0 word1 word2 /);
    } finally {
      await again.stop();
    }
  });

  it('loses at most the last 2 s of a reply when killed hard, and marks it failed on the next start', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mana-kill-'));
    const server = await startServerProcess(envFor(dataDir));
    const client = new ManaClient({ baseUrl: server.baseUrl });
    const tokens = await client.register({ email: 'killed@example.com', password: 'killed!!!', name: 'K' });
    const replyId = await startReply(client, 400, 20);

    // Follow the reply, noting what had arrived 2 s before the kill.
    const seen: Awaited<ReturnType<typeof collectFor>> = [];
    async function collectFor(ms: number) {
      const events = [];
      const abort = new AbortController();
      setTimeout(() => abort.abort(), ms);
      try {
        for await (const e of client.attachToReply(replyId, undefined, abort.signal)) events.push({ e, at: Date.now() });
      } catch {
        // cut off by the kill or the timer
      }
      return events;
    }
    const following = collectFor(4_500);
    await new Promise((r) => setTimeout(r, 3_500));
    const killedAt = Date.now();
    await server.stop('SIGKILL');
    seen.push(...(await following));
    const before2s = textDeltas(seen.filter((s) => s.at <= killedAt - 2_000).map((s) => s.e)).join('');
    const all = textDeltas(seen.map((s) => s.e)).join('');
    expect(before2s.length).toBeGreaterThan(0);

    const again = await startServerProcess(envFor(dataDir));
    try {
      const reply = await waitForFinal(new ManaClient({ baseUrl: again.baseUrl, tokens }), replyId);
      expect(reply).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
      expect(all.startsWith(reply.content)).toBe(true);
      expect(reply.content.length).toBeGreaterThanOrEqual(before2s.length);
    } finally {
      await again.stop();
    }
  });
});
