import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelsService } from '../../src/modules/models/models.service';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fake-openrouter';
import { call, startTestApp, type TestApp } from '../support/app';
import { waitForFinal } from '../support/chat';

describe('abuse limits', () => {
  let fake: FakeOpenRouter;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeOpenRouter();
    t = await startTestApp({
      OPENROUTER_API_KEY: fake.apiKey,
      OPENROUTER_BASE_URL: fake.baseUrl,
      MESSAGE_LIMIT_PER_MINUTE: '4',
      MAX_CONCURRENT_GENERATIONS: '1',
    }, { usePostgres: false });
    await t.app.get(ModelsService).initialSync;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('refuses a second reply while one is running, storing nothing, and accepts it after', async () => {
    const { client } = await t.newUser();
    const chat = await client.createConversation({ modelId: 'openai/gpt-4o-mini', title: 'Busy' });
    fake.nextScenario({ stream: { deltas: 20, intervalMs: 20 } });
    const first = await client.sendMessage(chat.id, { content: 'one' });
    const second = await call(t.baseUrl, 'POST', `/conversations/${chat.id}/messages`, { token: client.accessToken!, body: { content: 'two' } });
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe('RATE_LIMITED');
    expect(second.headers.get('retry-after')).toBeTruthy();
    expect((await client.listMessages(chat.id)).items.map((m) => m.content)).not.toContain('two');

    await waitForFinal(client, first.assistantMessages[0].id);
    fake.nextScenario({ stream: { deltas: 1 } });
    const third = await client.sendMessage(chat.id, { content: 'three' });
    await waitForFinal(client, third.assistantMessages[0].id);
  });

  it('limits messages per minute per user, not per instance', async () => {
    const { client } = await t.newUser();
    const chat = await client.createConversation({ title: 'Chatty' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(t.baseUrl, 'POST', `/conversations/${chat.id}/messages`, {
        token: client.accessToken!,
        body: { content: `m${i}` },
        headers: { accept: 'application/json' },
      });
      statuses.push(res.status);
      if (res.status === 201) await waitForFinal(client, res.body.assistantMessages[0].id);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 429]);
    // Someone else is not affected.
    const { client: other } = await t.newUser();
    const theirs = await other.createConversation({ title: 'Quiet' });
    expect((await call(t.baseUrl, 'POST', `/conversations/${theirs.id}/messages`, { token: other.accessToken!, body: { content: 'hi' }, headers: { accept: 'application/json' } })).status).toBe(201);
  });

  it('sends protective headers on every answer', async () => {
    const res = await call(t.baseUrl, 'GET', '/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await call(t.baseUrl, 'POST', '/auth/login', { rawBody: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(9 * 1024 * 1024) }) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
