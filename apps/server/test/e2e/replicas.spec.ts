import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '@mana/contracts';
import { ManaClient, readServerSentEvents } from '@mana/client';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fake-openrouter';
import { createTestPostgres } from '../support/postgres';
import { collect, replyOf, textDeltas, waitForFinal } from '../support/chat';
import { serverIsBuilt, startServerProcess, type ServerProcess } from '../support/server-process';

const pgUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
// Once per `npm test`: in the PostgreSQL pass (it needs PostgreSQL anyway).
const runnable = Boolean(pgUrl && redisUrl && serverIsBuilt()) && process.env.MANA_TEST_DATABASE !== 'pglite';
if (!(pgUrl && redisUrl && serverIsBuilt())) console.log('NOTICE two-replica suite skipped: needs TEST_DATABASE_URL, REDIS_URL and a built server (npm run build).');

describe.skipIf(!runnable)('two API replicas on one PostgreSQL and one Redis', () => {
  let fake: FakeOpenRouter;
  let pg: { url: string; drop(): Promise<void> };
  let a: ServerProcess;
  let b: ServerProcess;
  let onA: ManaClient;
  let onB: ManaClient;
  const eventsOnB: ChangeEvent[] = [];
  const eventsAbort = new AbortController();

  beforeAll(async () => {
    fake = await startFakeOpenRouter();
    pg = await createTestPostgres(pgUrl!);
    const env = { DATABASE_URL: pg.url, REDIS_URL: redisUrl!, OPENROUTER_API_KEY: fake.apiKey, OPENROUTER_BASE_URL: fake.baseUrl };
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    onA = new ManaClient({ baseUrl: a.baseUrl });
    const tokens = await onA.register({ email: `replicas-${Date.now()}@example.com`, password: 'two replicas!', name: 'R' });
    onB = new ManaClient({ baseUrl: b.baseUrl, tokens });
    // The second device listens to replica B.
    const response = await onB.raw('GET', '/events', { headers: { accept: 'text/event-stream' }, signal: eventsAbort.signal });
    void (async () => {
      try {
        for await (const e of readServerSentEvents(response.body!, eventsAbort.signal)) eventsOnB.push(JSON.parse(e.data));
      } catch {
        // closed at the end of the suite
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
  }, 90_000);

  afterAll(async () => {
    eventsAbort.abort();
    await Promise.all([a?.stop(), b?.stop()]);
    await fake?.close();
    await pg?.drop();
  });

  it('follows a reply started on A from B, each delta exactly once, also when resuming', async () => {
    const conversation = await onA.createConversation({ modelId: 'openai/gpt-4o-mini', title: 'Across replicas' });
    fake.nextScenario({ stream: { deltas: 40, intervalMs: 20 } });
    const sent = await onA.sendMessage(conversation.id, { content: 'follow me' });
    const replyId = sent.assistantMessages[0].id;

    const first = [];
    const drop = new AbortController();
    try {
      for await (const e of onB.attachToReply(replyId, undefined, drop.signal)) {
        first.push(e);
        if (textDeltas(first).length === 10) drop.abort();
      }
    } catch {
      // the first connection is dropped on purpose
    }
    const rest = await collect(onB.attachToReply(replyId, first.at(-1)!.seq));
    const all = [...first, ...rest];
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i));
    expect(textDeltas(all)).toEqual(Array.from({ length: 40 }, (_, i) => `word${i} `));
    expect(replyOf(all).status).toBe('complete');
    expect((await waitForFinal(onB, replyId)).content).toBe(textDeltas(all).join(''));
  });

  it('stops a reply running on A through a request sent to B', async () => {
    const conversation = await onA.createConversation({ modelId: 'openai/gpt-4o-mini', title: 'Stop me' });
    fake.nextScenario({ stream: { deltas: 300, intervalMs: 10 } });
    const sent = await onA.sendMessage(conversation.id, { content: 'go on' });
    const replyId = sent.assistantMessages[0].id;
    const seen = [];
    for await (const e of onB.attachToReply(replyId)) {
      seen.push(e);
      if (textDeltas(seen).length === 5) {
        const stopped = await onB.stopMessage(replyId);
        expect(stopped.status).toBe('cancelled');
      }
    }
    expect(seen.at(-1)!.chunk.type).toBe('abort');
    const stored = await waitForFinal(onA, replyId);
    expect(stored.status).toBe('cancelled');
    expect(stored.content).toBe(textDeltas(seen).join(''));
    expect(await fake.chatRequests().at(-1)!.ended).toBe('client-aborted');
  });

  it("announces on B's event stream the conversation and the completed reply", async () => {
    const conversation = await onA.createConversation({ modelId: 'openai/gpt-4o-mini', title: 'Announce' });
    fake.nextScenario({ stream: { deltas: 3 } });
    const events = await collect(onA.streamMessage(conversation.id, { content: 'tell B' }));
    const replyId = replyOf(events).messageId!;
    const deadline = Date.now() + 5_000;
    while (!eventsOnB.some((e) => e.type === 'message.completed' && e.messageId === replyId) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(eventsOnB).toContainEqual(expect.objectContaining({ type: 'conversation.created', conversation: expect.objectContaining({ id: conversation.id }) }));
    expect(eventsOnB).toContainEqual(expect.objectContaining({ type: 'message.created', messageId: replyId, role: 'assistant' }));
    expect(eventsOnB).toContainEqual({ type: 'message.completed', conversationId: conversation.id, messageId: replyId, status: 'complete' });
  });

  it("shows on B's cached list a conversation made on A as soon as B hears of it, and an import at once", async () => {
    const before = await onB.listConversations({ limit: 100 });
    const made = await onA.createConversation({ modelId: 'openai/gpt-4o-mini', title: 'Made on A' });
    const deadline = Date.now() + 5_000;
    while (!eventsOnB.some((e) => e.type === 'conversation.created' && e.conversation.id === made.id) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const after = await onB.listConversations({ limit: 100 });
    expect(after.total).toBe(before.total + 1);
    expect(after.items[0].id).toBe(made.id);

    // An import sends no event per conversation: the cache's own channel clears B's copy.
    const exported = JSON.parse(await onA.exportConversation(made.id, 'json'));
    await onA.importConversations(exported);
    let total = 0;
    for (const until = Date.now() + 2_000; Date.now() < until; ) {
      total = (await onB.listConversations({ limit: 100 })).total;
      if (total === before.total + 2) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(total).toBe(before.total + 2);
  });
});
