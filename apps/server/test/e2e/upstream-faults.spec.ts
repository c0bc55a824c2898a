import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ManaClient } from '@mana/client';
import { ModelsService } from '../../src/modules/models/models.service';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fake-openrouter';
import { startTestApp, type TestApp } from '../support/app';
import { collect, replyOf, textDeltas, waitForFinal } from '../support/chat';

describe('upstream faults', () => {
  let fake: FakeOpenRouter;
  let t: TestApp;
  let client: ManaClient;
  let conversationId: string;

  beforeAll(async () => {
    fake = await startFakeOpenRouter();
    t = await startTestApp({
      OPENROUTER_API_KEY: fake.apiKey,
      OPENROUTER_BASE_URL: fake.baseUrl,
      UPSTREAM_RETRIES: '2',
      UPSTREAM_IDLE_TIMEOUT_MS: '500',
      UPSTREAM_CONNECT_TIMEOUT_MS: '700',
      OPENROUTER_FALLBACK_MODELS: 'anthropic/claude-sonnet-4,google/gemini-2.0-flash-001',
    });
    await t.app.get(ModelsService).initialSync;
    ({ client } = await t.newUser());
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  beforeEach(async () => {
    fake.reset();
    conversationId = (await client.createConversation({ modelId: 'openai/gpt-4o-mini', title: 'Faults' })).id;
  });

  const send = async (content = 'hello') => {
    const events = await collect(client.streamMessage(conversationId, { content }));
    return { events, reply: await waitForFinal(client, replyOf(events).messageId!) };
  };

  it('retries a 503 before the first token and completes', async () => {
    fake.nextScenario({ fixture: 'error-503.json' }, { stream: { deltas: 3 } });
    const { reply } = await send();
    expect(reply).toMatchObject({ status: 'complete', content: 'word0 word1 word2 ' });
    expect(fake.chatRequests()).toHaveLength(2);
  });

  it('gives up after the configured retries with the upstream code, the user message kept', async () => {
    fake.nextScenario(
      { error: { status: 429, message: 'slow down', retryAfterS: 1 } },
      { error: { status: 429, message: 'slow down', retryAfterS: 1 } },
      { error: { status: 429, message: 'slow down', retryAfterS: 1 } },
    );
    const started = Date.now();
    const { reply } = await send('are you there');
    expect(reply).toMatchObject({ status: 'failed', error: { code: 'RATE_LIMITED' } });
    expect(fake.chatRequests()).toHaveLength(3);
    // Retry-After was honoured (two waits of about a second).
    expect(Date.now() - started).toBeGreaterThan(1_500);
    expect((await client.listMessages(conversationId)).items[0].content).toBe('are you there');
  });

  it('does not retry once text has been shown: a reset mid-stream keeps the partial text', async () => {
    fake.nextScenario({ stream: { deltas: 10, intervalMs: 5 }, disconnectAfterBytes: 900 });
    const { events, reply } = await send();
    expect(reply.status).toBe('failed');
    expect(reply.content).toBe(textDeltas(events).join(''));
    expect(reply.content.length).toBeGreaterThan(0);
    expect(fake.chatRequests()).toHaveLength(1);
  });

  it('times out a silent upstream with UPSTREAM_TIMEOUT', async () => {
    fake.nextScenario({ stream: { deltas: 5 }, stallAfterBytes: 0 }, { stream: { deltas: 5 }, stallAfterBytes: 0 }, { stream: { deltas: 5 }, stallAfterBytes: 0 });
    const { reply } = await send();
    expect(reply).toMatchObject({ status: 'failed', error: { code: 'UPSTREAM_TIMEOUT' } });
  });

  it('gives up on an upstream that never answers after UPSTREAM_CONNECT_TIMEOUT_MS, each try', async () => {
    const hang = { stream: { deltas: 5 }, stallBeforeHeaders: true };
    fake.nextScenario(hang, hang, hang);
    const started = Date.now();
    const { reply } = await send();
    expect(reply).toMatchObject({ status: 'failed', error: { code: 'UPSTREAM_TIMEOUT' } });
    expect(fake.chatRequests()).toHaveLength(3);
    // Three waits of 0.7 s plus two backoffs (about 0.5 s and 1 s): far below the 30 s default.
    expect(Date.now() - started).toBeGreaterThan(3 * 700);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('fails malformed SSE cleanly', async () => {
    const malformed = { raw: { status: 200, contentType: 'text/event-stream', body: 'data: {not json\n\ndata: [DONE]\n\n' } };
    fake.nextScenario(malformed, malformed, malformed);
    const { reply } = await send();
    expect(reply.status).toBe('failed');
    expect(reply.error?.code).toMatch(/^UPSTREAM_/);
  });

  it("sends the configured fallback models in OpenRouter's models list", async () => {
    fake.nextScenario({ stream: { deltas: 1 } });
    await send();
    expect(fake.chatRequests()[0].body.models).toEqual(['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4', 'google/gemini-2.0-flash-001']);
  });

  it('stops promptly while waiting to retry', async () => {
    fake.nextScenario({ error: { status: 503, message: 'down', retryAfterS: 4 } }, { stream: { deltas: 1 } });
    const sent = await client.sendMessage(conversationId, { content: 'stop me' });
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    const stopped = await client.stopMessage(sent.assistantMessages[0].id);
    expect(stopped.status).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
