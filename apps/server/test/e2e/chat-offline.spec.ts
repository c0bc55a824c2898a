import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManaClient } from '@mana/client';
import { call, startTestApp, type TestApp } from '../support/app';
import { collect, replyOf, waitForFinal } from '../support/chat';

describe('chat with no key and no network (the offline model)', () => {
  let t: TestApp;
  let client: ManaClient;
  beforeAll(async () => {
    t = await startTestApp();
    ({ client } = await t.newUser());
  });
  afterAll(() => t.close());

  it('offers only the offline model, as the default', async () => {
    const { items } = await client.models();
    expect(items).toEqual([expect.objectContaining({ id: 'builtin/echo', provider: 'builtin', isDefault: true, pricingInput: 0 })]);
  });

  it('streams a labelled echo reply, stores it, and titles the chat from the prompt', async () => {
    const conversation = await client.createConversation();
    expect(conversation.modelId).toBe('builtin/echo');
    const events = await collect(client.streamMessage(conversation.id, { content: 'What is the capital of France?' }));
    const reply = replyOf(events);
    expect(reply.status).toBe('complete');
    expect(reply.text).toContain('offline');
    expect(reply.text).toContain('What is the capital of France?');
    const stored = await waitForFinal(client, reply.messageId!);
    expect(stored.content).toBe(reply.text);
    expect(stored.costUsd).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    expect((await client.getConversation(conversation.id)).title).toBe('What is the capital of France?');
  });

  it('lists, renames, pins, archives and deletes conversations, pinned first then most recent', async () => {
    const { client: c } = await t.newUser();
    const a = await c.createConversation({ title: 'Alpha' });
    const b = await c.createConversation({ title: 'Beta' });
    const g = await c.createConversation({ title: 'Gamma' });
    await collect(c.streamMessage(a.id, { content: 'bump alpha' }));
    await c.updateConversation(g.id, { isPinned: true });
    let page = await c.listConversations();
    expect(page.items.map((x) => x.title)).toEqual(['Gamma', 'Alpha', 'Beta']);
    expect(page.total).toBe(3);

    await c.updateConversation(b.id, { title: 'Beta renamed', isArchived: true });
    page = await c.listConversations();
    expect(page.items.map((x) => x.title)).toEqual(['Gamma', 'Alpha']);
    expect((await c.listConversations({ archived: true })).items.map((x) => x.title)).toEqual(['Beta renamed']);
    expect((await c.listConversations({ q: 'alp' })).items.map((x) => x.title)).toEqual(['Alpha']);
    expect((await c.listConversations({ limit: 1, offset: 1 })).items.map((x) => x.title)).toEqual(['Alpha']);

    await c.deleteConversation(a.id);
    expect((await call(t.baseUrl, 'GET', `/conversations/${a.id}/messages`, { token: c.accessToken! })).status).toBe(404);
  });

  it('creates a conversation from a template, copying its system prompt and model', async () => {
    const template = await client.request<{ id: string }>('POST', '/templates', {
      body: { name: 'Pirate', systemPrompt: 'Talk like a pirate.', modelId: 'builtin/echo', color: '#aa3300', isDefault: true },
    });
    const conversation = await client.createConversation({ templateId: template.id });
    expect(conversation).toMatchObject({ systemPrompt: 'Talk like a pirate.', modelId: 'builtin/echo', templateId: template.id });
    const updated = await client.request<{ name: string }>('PATCH', `/templates/${template.id}`, { body: { name: 'Buccaneer' } });
    expect(updated.name).toBe('Buccaneer');
    expect((await client.request<{ items: unknown[] }>('GET', '/templates')).items).toHaveLength(1);
    await client.request('DELETE', `/templates/${template.id}`);
    expect((await call(t.baseUrl, 'GET', `/templates/${template.id}`, { token: client.accessToken! })).status).toBe(404);
  });

  it('finds conversations by what was said, with escaped, highlighted snippets', async () => {
    const { client: c } = await t.newUser();
    const conversation = await c.createConversation({ title: 'Kitchen' });
    const events = await collect(c.streamMessage(conversation.id, { content: 'How do I make <b>sourdough</b> bread?' }));
    await waitForFinal(c, replyOf(events).messageId!);
    const result = await c.request<{ items: { conversation: { id: string }; snippets: { text: string }[] }[] }>('GET', '/search', {
      query: { q: 'sourdo' },
    });
    expect(result.items.map((i) => i.conversation.id)).toEqual([conversation.id]);
    const text = result.items[0].snippets[0].text;
    expect(text).toContain('<mark>sourdo');
    expect(text).toContain('&lt;b&gt;');
    expect(text).not.toContain('<b>');
  });

  describe('OpenAI-compatible API', () => {
    it('streams to the official openai package with a personal API key, and logs usage', async () => {
      const { client: c } = await t.newUser();
      const key = await c.createApiKey('laptop');
      expect(key.secret).toMatch(/^mana_/);
      expect((await c.listApiKeys()).items[0]).not.toHaveProperty('secret');
      const openai = new OpenAI({ apiKey: key.secret, baseURL: `${t.baseUrl}/api/v1` });
      const stream = await openai.chat.completions.create({
        model: 'builtin/echo',
        messages: [{ role: 'user', content: 'ping from openai' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let usage: unknown = null;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        if (chunk.usage) usage = chunk.usage;
      }
      expect(text).toContain('ping from openai');
      expect(usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });

      const whole = await openai.chat.completions.create({ model: 'builtin/echo', messages: [{ role: 'user', content: 'once' }] });
      expect(whole.choices[0].message.content).toContain('once');
      await new Promise((r) => setTimeout(r, 50));
      expect((await c.usage()).totals.generations).toBe(2);

      await c.revokeApiKey(key.id);
      await expect(openai.chat.completions.create({ model: 'builtin/echo', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 401 });
    });

    it('accepts a session token too, and refuses an unknown model clearly', async () => {
      const openai = new OpenAI({ apiKey: client.accessToken!, baseURL: `${t.baseUrl}/api/v1` });
      const whole = await openai.chat.completions.create({ model: 'builtin/echo', messages: [{ role: 'user', content: 'jwt' }] });
      expect(whole.choices[0].message.content).toContain('jwt');
      await expect(openai.chat.completions.create({ model: 'no/such', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
        status: 400,
      });
    });

    it('refuses an API key everywhere but the OpenAI-compatible API', async () => {
      const key = await client.createApiKey('narrow');
      const res = await call(t.baseUrl, 'GET', '/conversations', { token: key.secret });
      expect(res.status).toBe(401);
    });
  });
});
