import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, call, type TestApp } from '../support/app';
import { collect, replyOf, waitForFinal } from '../support/chat';

/**
 * Every route that takes an id answers another user's id exactly as it answers an id that does not
 * exist: 404, the same body, nothing of the owner's data.
 */
describe("another user's ids", () => {
  let t: TestApp;
  let intruder: string;
  const owned: Record<string, string> = {};
  const SECRET = 'my secret recipe for tiramisu';

  beforeAll(async () => {
    t = await startTestApp();
    const owner = (await t.newUser('Owner')).client;
    intruder = (await t.newUser('Intruder')).client.accessToken!;
    const conversation = await owner.createConversation({ title: SECRET });
    const events = await collect(owner.streamMessage(conversation.id, { content: SECRET }));
    const reply = await waitForFinal(owner, replyOf(events).messageId!);
    const template = await owner.request<{ id: string }>('POST', '/templates', { body: { name: 'T', systemPrompt: SECRET } });
    const key = await owner.createApiKey('k');
    Object.assign(owned, {
      conversation: conversation.id,
      reply: reply.id,
      userMessage: reply.parentId!,
      template: template.id,
      apiKey: key.id,
    });
  });
  afterAll(() => t.close());

  const routes: [string, string, (ids: Record<string, string>) => string, unknown?][] = [
    ['GET', 'conversation', (i) => `/conversations/${i.conversation}`],
    ['PATCH', 'conversation', (i) => `/conversations/${i.conversation}`, { title: 'mine now' }],
    ['DELETE', 'conversation', (i) => `/conversations/${i.conversation}`],
    ['GET', 'messages', (i) => `/conversations/${i.conversation}/messages`],
    ['POST', 'send', (i) => `/conversations/${i.conversation}/messages`, { content: 'hi' }],
    ['PUT', 'branch', (i) => `/conversations/${i.conversation}/branch`, { leafId: '00000000-0000-4000-8000-000000000000' }],
    ['GET', 'message', (i) => `/messages/${i.reply}`],
    ['GET', 'stream', (i) => `/messages/${i.reply}/stream`],
    ['POST', 'stop', (i) => `/messages/${i.reply}/stop`],
    ['POST', 'regenerate', (i) => `/messages/${i.reply}/regenerate`, {}],
    ['POST', 'edit', (i) => `/messages/${i.userMessage}/edit`, { content: 'edited' }],
    ['GET', 'template', (i) => `/templates/${i.template}`],
    ['PATCH', 'template', (i) => `/templates/${i.template}`, { name: 'x' }],
    ['DELETE', 'template', (i) => `/templates/${i.template}`],
    ['DELETE', 'api key', (i) => `/api-keys/${i.apiKey}`],
  ];

  it.each(routes)('%s %s answers 404 like a missing id, leaking nothing', async (method, _what, path, body) => {
    const missing = Object.fromEntries(Object.keys(owned).map((k) => [k, '00000000-0000-4000-8000-00000000dead']));
    const foreign = await call(t.baseUrl, method, path(owned), { token: intruder, body });
    const absent = await call(t.baseUrl, method, path(missing), { token: intruder, body });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(absent.body);
    expect(JSON.stringify(foreign.body)).not.toContain('tiramisu');
  });

  it("keeps the owner's data out of the intruder's lists, search and usage", async () => {
    for (const path of ['/conversations', '/conversations?archived=true', '/search?q=tiramisu', '/templates', '/api-keys', '/usage']) {
      const res = await call(t.baseUrl, 'GET', path, { token: intruder });
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain('tiramisu');
    }
    const usage = await call(t.baseUrl, 'GET', '/usage', { token: intruder });
    expect(usage.body.totals.generations).toBe(0);
  });

  it('left the owner’s conversation untouched', async () => {
    const res = await call(t.baseUrl, 'GET', '/conversations', { token: intruder });
    expect(res.body.total).toBe(0);
  });
});
