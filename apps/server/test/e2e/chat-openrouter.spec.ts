import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '@mana/contracts';
import type { ManaClient } from '@mana/client';
import { ModelsService } from '../../src/modules/models/models.service';
import { type FakeOpenRouter, type Scenario, startFakeOpenRouter } from '../fake-openrouter';
import { call, startTestApp, type TestApp } from '../support/app';
import { collect, replyOf, textDeltas, waitForFinal } from '../support/chat';

const BASIC_TEXT = 'Sure! Three quick tips for better coffee: use fresh beans, grind right before brewing, and keep the water near 93 °C.';

describe('chat through OpenRouter (fake server over real HTTP)', () => {
  let fake: FakeOpenRouter;
  let t: TestApp;
  let client: ManaClient;
  let conversationId: string;

  beforeAll(async () => {
    fake = await startFakeOpenRouter();
    // Scenarios are queued one per request: no retries here (upstream-faults.spec.ts covers them).
    t = await startTestApp({ OPENROUTER_API_KEY: fake.apiKey, OPENROUTER_BASE_URL: fake.baseUrl, UPSTREAM_RETRIES: '0' });
    await t.app.get(ModelsService).initialSync;
    ({ client } = await t.newUser());
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  beforeEach(async () => {
    fake.reset();
    // A given title means no auto-title request competes for the queued scenarios.
    conversationId = (await client.createConversation({ modelId: 'openai/gpt-4o-mini', title: 'Test chat' })).id;
  });

  /** Sends one message answered by `scenario` and returns the stream and the stored reply. */
  async function exchange(scenario: Scenario, content = 'Coffee tips?') {
    fake.nextScenario(scenario);
    const events = await collect(client.streamMessage(conversationId, { content }));
    const replyId = (events[0].chunk as { messageId: string }).messageId;
    return { events, reply: await waitForFinal(client, replyId) };
  }

  it('lists the synced catalog with prices per 1M tokens and makes gpt-4o-mini the default', async () => {
    const { items } = await client.models();
    const mini = items.find((m) => m.id === 'openai/gpt-4o-mini')!;
    expect(mini).toMatchObject({ provider: 'openrouter', pricingInput: 0.15, pricingOutput: 0.6, contextLength: 128000, isDefault: true });
    expect(items.filter((m) => m.isDefault)).toHaveLength(1);
    expect(items.find((m) => m.id === 'builtin/echo')).toBeTruthy();
  });

  it('streams a basic reply and stores content, tokens and the reported cost', async () => {
    const { events, reply } = await exchange({ fixture: 'stream-basic.sse' });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(events[1].chunk.type).toBe('data-message');
    expect(textDeltas(events).join('')).toBe(BASIC_TEXT);
    expect(events.at(-1)!.chunk.type).toBe('finish');
    expect(reply).toMatchObject({ status: 'complete', content: BASIC_TEXT, promptTokens: 19, completionTokens: 30, costUsd: 0.00002085 });
    expect(reply.ttftMs).not.toBeNull();
    const sent = fake.chatRequests()[0];
    expect(sent.headers['http-referer']).toBe('http://127.0.0.1:3002');
    expect(sent.headers['x-title']).toBe('Mana Chat');
    expect(sent.body.messages.at(-1)).toEqual({ role: 'user', content: 'Coffee tips?' });
  });

  it('stores reasoning apart from the answer', async () => {
    const { events, reply } = await exchange({ fixture: 'stream-reasoning.sse' });
    const types = events.map((e) => e.chunk.type);
    expect(types.indexOf('reasoning-start')).toBeLessThan(types.indexOf('text-start'));
    expect(reply.status).toBe('complete');
    expect(reply.reasoning).toBe(replyOf(events).reasoning);
    expect(reply.reasoning!.length).toBeGreaterThan(10);
    expect(reply.content).toBe(replyOf(events).text);
  });

  it.each([
    ['stream-usage-empty-choices.sse', 'complete'],
    ['stream-midstream-error.sse', 'failed'],
    ['stream-midstream-error-empty-choices.sse', 'failed'],
    ['stream-midstream-error-string-code.sse', 'failed'],
    ['stream-finish-error-no-payload.sse', 'failed'],
  ] as const)('%s ends with the reply %s and its partial text kept', async (fixture, status) => {
    const { events, reply } = await exchange({ fixture });
    expect(reply.status).toBe(status);
    expect(reply.content).toBe(textDeltas(events).join(''));
    if (status === 'failed') {
      expect(reply.error?.code).toMatch(/^UPSTREAM_|RATE_LIMITED/);
      expect(events.some((e) => e.chunk.type === 'data-error')).toBe(true);
      expect(reply.content.length).toBeGreaterThan(0);
    }
  });

  it('keeps the user message and fails the reply with RATE_LIMITED on a 429 before the first token', async () => {
    const { events, reply } = await exchange({ fixture: 'error-429.json' }, 'Are you there?');
    expect(reply).toMatchObject({ status: 'failed', content: '', error: { code: 'RATE_LIMITED' } });
    expect(replyOf(events).error?.code).toBe('RATE_LIMITED');
    const page = await client.listMessages(conversationId);
    expect(page.items.map((m) => [m.role, m.content])).toEqual([
      ['user', 'Are you there?'],
      ['assistant', ''],
    ]);
  });

  it.each([
    ['error-401.json', 'UPSTREAM_AUTH'],
    ['error-402.json', 'INSUFFICIENT_CREDITS'],
    ['error-403-moderation.json', 'CONTENT_BLOCKED'],
    ['error-503.json', 'UPSTREAM_UNAVAILABLE'],
  ] as const)('maps %s to %s', async (fixture, code) => {
    const { reply } = await exchange({ fixture });
    expect(reply).toMatchObject({ status: 'failed', error: { code } });
  });

  it('keeps generating when the client drops, and stores the whole reply', async () => {
    fake.nextScenario({ stream: { deltas: 40, intervalMs: 10 } });
    const abort = new AbortController();
    let replyId = '';
    let seen = 0;
    try {
      for await (const e of client.streamMessage(conversationId, { content: 'long one' }, abort.signal)) {
        if (e.chunk.type === 'start') replyId = e.chunk.messageId;
        if (e.chunk.type === 'text-delta' && ++seen === 3) abort.abort();
      }
    } catch {
      // the aborted fetch rejects: that is the client going away
    }
    const reply = await waitForFinal(client, replyId);
    expect(reply.status).toBe('complete');
    expect(reply.content).toBe(Array.from({ length: 40 }, (_, i) => `word${i} `).join(''));
    expect(fake.chatRequests()[0].end).toBe('completed');
  });

  it('stops mid-stream: partial text kept, status cancelled, upstream request aborted', async () => {
    fake.nextScenario({ stream: { deltas: 200, intervalMs: 10 } });
    const events = [];
    for await (const e of client.streamMessage(conversationId, { content: 'go on forever' })) {
      events.push(e);
      if (e.chunk.type === 'text-delta' && textDeltas(events).length === 5) {
        const stopped = await client.stopMessage(replyOf(events).messageId!);
        expect(stopped.status).toBe('cancelled');
      }
    }
    expect(events.at(-1)!.chunk.type).toBe('abort');
    const reply = await waitForFinal(client, replyOf(events).messageId!);
    expect(reply.status).toBe('cancelled');
    expect(reply.content).toBe(textDeltas(events).join(''));
    expect(reply.content.startsWith('word0 word1 word2 word3 word4 ')).toBe(true);
    expect(await fake.chatRequests()[0].ended).toBe('client-aborted');
  });

  it('resumes with Last-Event-ID and delivers each delta exactly once', async () => {
    fake.nextScenario({ stream: { deltas: 30, intervalMs: 15 } });
    const abort = new AbortController();
    const first = [];
    try {
      for await (const e of client.streamMessage(conversationId, { content: 'count' }, abort.signal)) {
        first.push(e);
        if (textDeltas(first).length === 7) abort.abort();
      }
    } catch {
      // dropped on purpose
    }
    const messageId = replyOf(first).messageId!;
    const lastSeq = first.at(-1)!.seq;
    const rest = await collect(client.attachToReply(messageId, lastSeq));
    expect(rest[0].seq).toBe(lastSeq + 1);
    const all = [...first, ...rest];
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i));
    expect(textDeltas(all)).toEqual(Array.from({ length: 30 }, (_, i) => `word${i} `));
    // After it finished, attaching replays the same log again, whole.
    const again = await collect(client.attachToReply(messageId));
    expect(textDeltas(again)).toEqual(textDeltas(all));
  });

  it('regenerates as a sibling, edits as a new branch, and switches branches', async () => {
    const first = await exchange({ fixture: 'stream-basic.sse' }, 'first question');
    fake.nextScenario({ stream: { deltas: 3, text: (i) => `again${i} ` } });
    const regenerated = await collect(client.streamRegenerate(first.reply.id));
    const second = await waitForFinal(client, replyOf(regenerated).messageId!);
    expect(second.parentId).toBe(first.reply.parentId);
    expect(second.siblingIds).toEqual([first.reply.id, second.id]);

    let page = await client.listMessages(conversationId);
    expect(page.items.map((m) => m.id)).toEqual([first.reply.parentId, second.id]);

    const userMessageId = first.reply.parentId!;
    fake.nextScenario({ stream: { deltas: 2, text: (i) => `edited${i} ` } });
    const edited = await collect(client.streamEdit(userMessageId, { content: 'a better question' }));
    const editData = edited.find((e) => e.chunk.type === 'data-message')!.chunk as { data: { userMessage: Message } };
    expect(editData.data.userMessage.siblingIds).toEqual([userMessageId, editData.data.userMessage.id]);
    page = await client.listMessages(conversationId);
    expect(page.items.map((m) => m.content)).toEqual(['a better question', 'edited0 edited1 ']);

    await client.switchBranch(conversationId, userMessageId);
    page = await client.listMessages(conversationId);
    expect(page.items.map((m) => m.id)).toEqual([userMessageId, second.id]);
    const prompt = fake.chatRequests().at(-1)!.body.messages;
    expect(prompt).toEqual([{ role: 'user', content: 'a better question' }]);
  });

  it('records cost in usage totals by model and day, and exports CSV', async () => {
    const fresh = (await t.newUser()).client;
    const conversation = await fresh.createConversation({ modelId: 'openai/gpt-4o-mini', title: 'Usage' });
    fake.nextScenario({ fixture: 'stream-basic.sse' });
    const events = await collect(fresh.streamMessage(conversation.id, { content: 'hi' }));
    await waitForFinal(fresh, replyOf(events).messageId!);
    const usage = await fresh.usage();
    expect(usage.totals).toMatchObject({ promptTokens: 19, completionTokens: 30, costUsd: 0.00002085, generations: 1 });
    expect(usage.byModel).toEqual([expect.objectContaining({ modelId: 'openai/gpt-4o-mini', costUsd: 0.00002085 })]);
    expect(usage.byDay[0].day).toBe(new Date().toISOString().slice(0, 10));
    const csv = await fresh.raw('GET', '/usage/export.csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\n')[1]).toContain('openai/gpt-4o-mini');
  });

  it('sends the system prompt and the branch, trimmed to the model context', async () => {
    const conversation = await client.createConversation({ modelId: 'openai/gpt-4o-mini', systemPrompt: 'Answer in haiku.', title: 'Haiku' });
    fake.nextScenario({ fixture: 'stream-basic.sse' });
    await collect(client.streamMessage(conversation.id, { content: 'one' }));
    fake.nextScenario({ fixture: 'stream-basic.sse' });
    const events = await collect(client.streamMessage(conversation.id, { content: 'two' }));
    await waitForFinal(client, replyOf(events).messageId!);
    expect(fake.chatRequests()[1].body.messages).toEqual([
      { role: 'system', content: 'Answer in haiku.' },
      { role: 'user', content: 'one' },
      { role: 'assistant', content: BASIC_TEXT },
      { role: 'user', content: 'two' },
    ]);
  });

  it('answers JSON with the created messages when asked, and the reply can be attached to', async () => {
    fake.nextScenario({ fixture: 'stream-basic.sse' });
    const sent = await client.sendMessage(conversationId, { content: 'json please' });
    expect(sent.userMessage).toMatchObject({ role: 'user', content: 'json please', status: 'complete' });
    expect(sent.assistantMessages).toHaveLength(1);
    const events = await collect(client.attachToReply(sent.assistantMessages[0].id));
    expect(replyOf(events)).toMatchObject({ status: 'complete', text: BASIC_TEXT });
  });

  it('titles a new conversation after its first reply, using its model', async () => {
    const conversation = await client.createConversation({ modelId: 'openai/gpt-4o-mini' });
    expect(conversation.title).toBe('New chat');
    fake.nextScenario({ fixture: 'stream-basic.sse' }, { fixture: 'completion.json' });
    const events = await collect(client.streamMessage(conversation.id, { content: 'Tell me about coffee brewing' }));
    await waitForFinal(client, replyOf(events).messageId!);
    let title = '';
    for (let i = 0; i < 100 && (title === '' || title === 'New chat'); i++) {
      title = (await client.getConversation(conversation.id)).title;
      await new Promise((r) => setTimeout(r, 20));
    }
    // completion.json answers "A haiku for you:" on its first line.
    expect(title).toBe('A haiku for you:');
    expect(fake.chatRequests()[1].body.stream).toBeFalsy();
  });

  it('refuses an unknown model with MODEL_UNAVAILABLE and stores nothing', async () => {
    const res = await call(t.baseUrl, 'POST', `/conversations/${conversationId}/messages`, {
      token: client.accessToken!,
      body: { content: 'x', modelId: 'nope/nothing' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MODEL_UNAVAILABLE');
    expect((await client.listMessages(conversationId)).items).toHaveLength(0);
  });
});
