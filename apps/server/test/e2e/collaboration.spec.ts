import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationExport, DocumentDiff, DocumentVersion, ImportResult, Share, SharedConversation } from '@mana/contracts';
import type { ManaClient } from '@mana/client';
import { ModelsService } from '../../src/modules/models/models.service';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fake-openrouter';
import { call, startTestApp, type TestApp } from '../support/app';
import { collect, replyOf, waitForFinal } from '../support/chat';

describe('documents, compare, export/import and share links', () => {
  let fake: FakeOpenRouter;
  let t: TestApp;
  let client: ManaClient;

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

  async function reply(conversationId: string, content: string, text: string) {
    fake.nextScenario({ stream: { deltas: 1, text: () => text } });
    const events = await collect(client.streamMessage(conversationId, { content }));
    return waitForFinal(client, replyOf(events).messageId!);
  }

  describe('document mode', () => {
    it('versions each reply that changes the document, diffs, restores and exports', async () => {
      const doc = await client.createConversation({ modelId: 'openai/gpt-4o-mini', title: 'Essay', isDocument: true });
      expect(doc.isDocument).toBe(true);
      await reply(doc.id, 'Write a title', '# Coffee\n\nIt is good.');
      await reply(doc.id, 'Add a line', '# Coffee\n\nIt is good.\nIt is hot.');
      // The model is told the rules and sees the current text.
      const system = fake.chatRequests().at(-1)!.body.messages[0];
      expect(system.role).toBe('system');
      expect(system.content).toContain('complete, updated document');
      expect(system.content).toContain('version 1');
      await reply(doc.id, 'No change', '# Coffee\n\nIt is good.\nIt is hot.');

      const versions = await client.request<{ items: { version: number }[] }>('GET', `/conversations/${doc.id}/document/versions`);
      expect(versions.items.map((v) => v.version)).toEqual([1, 2]);

      const diff = await client.request<DocumentDiff>('GET', `/conversations/${doc.id}/document/diff`, { query: { from: 1, to: 2 } });
      expect(diff.changes).toContainEqual({ kind: 'added', text: 'It is hot.' });
      expect(diff.patch).toContain('+It is hot.');

      const restored = await client.request<DocumentVersion>('POST', `/conversations/${doc.id}/document/versions/1/restore`);
      expect(restored).toMatchObject({ version: 3, content: '# Coffee\n\nIt is good.', messageId: null });
      expect((await client.request<DocumentVersion>('GET', `/conversations/${doc.id}/document`)).version).toBe(3);
      expect((await client.request<DocumentVersion>('GET', `/conversations/${doc.id}/document/versions/2`)).content).toContain('hot');

      const md = await client.raw('GET', `/conversations/${doc.id}/document/export.md`);
      expect(md.headers.get('content-type')).toContain('text/markdown');
      expect(await md.text()).toBe('# Coffee\n\nIt is good.');
    });

    it('keeps ordinary conversations out of document mode', async () => {
      const chat = await client.createConversation({ modelId: 'openai/gpt-4o-mini', title: 'Plain' });
      await reply(chat.id, 'hi', 'hello');
      expect((await call(t.baseUrl, 'GET', `/conversations/${chat.id}/document`, { token: client.accessToken! })).status).toBe(404);
    });
  });

  describe('compare', () => {
    it('sends one prompt to several models in parallel and lets one become the branch', async () => {
      const chat = await client.createConversation({ modelId: 'openai/gpt-4o-mini', title: 'Compare' });
      fake.scenarioForModel('openai/gpt-4o-mini', { stream: { deltas: 10, intervalMs: 30, text: (i) => `mini${i} ` } });
      fake.scenarioForModel('anthropic/claude-sonnet-4', { stream: { deltas: 10, intervalMs: 30, text: (i) => `claude${i} ` } });
      fake.scenarioForModel('google/gemini-2.0-flash-001', { stream: { deltas: 10, intervalMs: 30, text: (i) => `gemini${i} ` } });
      const started = Date.now();
      const sent = await client.sendMessage(chat.id, {
        content: 'Which is best?',
        modelIds: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4', 'google/gemini-2.0-flash-001'],
      });
      expect(sent.assistantMessages.map((m) => m.modelId)).toEqual(['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4', 'google/gemini-2.0-flash-001']);
      const streams = await Promise.all(sent.assistantMessages.map((m) => collect(client.attachToReply(m.id))));
      const elapsed = Date.now() - started;
      // In parallel: three 300 ms streams take about 300 ms, not 900.
      expect(elapsed).toBeLessThan(800);
      expect(streams.map((s) => replyOf(s).text.split(' ')[0])).toEqual(['mini0', 'claude0', 'gemini0']);
      const stored = await Promise.all(sent.assistantMessages.map((m) => waitForFinal(client, m.id)));
      expect(stored.every((m) => m.costUsd > 0 && m.completionTokens > 0)).toBe(true);
      expect(stored[1].siblingIds).toHaveLength(3);

      await client.switchBranch(chat.id, stored[1].id);
      const page = await client.listMessages(chat.id);
      expect(page.items.map((m) => m.content)).toEqual(['Which is best?', stored[1].content]);
      fake.reset();
    });

    it('refuses fewer than two or more than six models', async () => {
      const chat = await client.createConversation({ title: 'Bad compare' });
      const one = await call(t.baseUrl, 'POST', `/conversations/${chat.id}/messages`, { token: client.accessToken!, body: { content: 'x', modelIds: ['builtin/echo'] } });
      expect(one.status).toBe(400);
      const seven = await call(t.baseUrl, 'POST', `/conversations/${chat.id}/messages`, {
        token: client.accessToken!,
        body: { content: 'x', modelIds: Array(7).fill('builtin/echo') },
      });
      expect(seven.status).toBe(400);
    });
  });

  describe('export and import', () => {
    it('round-trips our JSON without losing anything, branches included', async () => {
      const { client: author } = await t.newUser();
      const chat = await author.createConversation({ title: 'Round trip', systemPrompt: 'Be kind.' });
      const first = await collect(author.streamMessage(chat.id, { content: 'first' }));
      const firstReply = await waitForFinal(author, replyOf(first).messageId!);
      await collect(author.streamRegenerate(firstReply.id));
      await author.updateConversation(chat.id, { isPinned: true });

      const exported = await author.request<ConversationExport>('GET', '/conversations/export');
      expect(exported.format).toBe('mana-chat-conversations');
      expect(exported.conversations[0].messages).toHaveLength(3);

      const { client: other } = await t.newUser();
      const result = await other.request<ImportResult>('POST', '/conversations/import', { body: exported });
      expect(result).toMatchObject({ imported: 1, source: 'mana-chat' });
      const again = await other.request<ConversationExport>('GET', '/conversations/export');

      const strip = (e: ConversationExport) =>
        e.conversations.map((c) => {
          const index = new Map(c.messages.map((m, i) => [m.id, i]));
          return {
            ...c,
            id: undefined,
            activeLeafId: c.activeLeafId ? index.get(c.activeLeafId) : null,
            messages: c.messages.map((m) => ({ ...m, id: undefined, parentId: m.parentId ? index.get(m.parentId) : null })),
          };
        });
      expect(strip(again)).toEqual(strip(exported));
      expect(again.conversations[0].id).not.toBe(exported.conversations[0].id);
    });

    it("imports ChatGPT's conversations.json with its branches and shown path", async () => {
      const { client: c } = await t.newUser();
      const file = JSON.parse(readFileSync(path.join(__dirname, '../fixtures/chatgpt-conversations.json'), 'utf8'));
      const result = await c.request<ImportResult>('POST', '/conversations/import', { body: file });
      expect(result).toMatchObject({ imported: 1, source: 'chatgpt' });
      const conversation = await c.getConversation(result.conversationIds[0]);
      expect(conversation.title).toBe('Sourdough starter');
      const page = await c.listMessages(conversation.id);
      expect(page.items.map((m) => [m.role, m.content])).toEqual([
        ['user', 'How do I feed a sourdough starter?'],
        ['assistant', 'Discard half, then feed 1:1:1 by weight.'],
      ]);
      // The other answer is a sibling branch; the tool call and the hidden system message are gone.
      expect(page.items[1].siblingIds).toHaveLength(2);
      expect(page.items[1].modelId).toBe('chatgpt/gpt-4o');
    });

    it('exports Markdown and refuses a file it does not know', async () => {
      const chat = await client.createConversation({ title: 'Notes' });
      await collect(client.streamMessage(chat.id, { content: 'markdown please' }));
      const md = await client.raw('GET', `/conversations/${chat.id}/export`, { query: { format: 'md' } });
      const text = await md.text();
      expect(text).toContain('# Notes');
      expect(text).toContain('## You');
      expect(text).toContain('markdown please');
      const bad = await call(t.baseUrl, 'POST', '/conversations/import', { token: client.accessToken!, body: { hello: 'world' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION');
    });
  });

  describe('share links', () => {
    it('shares a read-only snapshot anyone can open, until it is revoked', async () => {
      const chat = await client.createConversation({ title: 'Shared' });
      await collect(client.streamMessage(chat.id, { content: 'share this' }));
      const share = await client.request<Share>('POST', `/conversations/${chat.id}/share`);
      expect(share.id).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(share.url).toBe(`/share/${share.id}`);

      // Later messages are not part of the snapshot.
      await collect(client.streamMessage(chat.id, { content: 'not shared' }));
      const publicView = await call(t.baseUrl, 'GET', `/shares/${share.id}`);
      expect(publicView.status).toBe(200);
      const shared = publicView.body as SharedConversation;
      expect(shared.title).toBe('Shared');
      expect(shared.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
      expect(shared.messages[0].content).toBe('share this');
      expect(JSON.stringify(shared)).not.toContain(chat.id);

      const { client: stranger } = await t.newUser();
      expect((await call(t.baseUrl, 'DELETE', `/shares/${share.id}`, { token: stranger.accessToken! })).status).toBe(404);
      expect((await call(t.baseUrl, 'DELETE', `/shares/${share.id}`, { token: client.accessToken! })).status).toBe(204);
      expect((await call(t.baseUrl, 'GET', `/shares/${share.id}`)).status).toBe(404);
    });

    it("cannot share someone else's conversation", async () => {
      const chat = await client.createConversation({ title: 'Mine' });
      const { client: stranger } = await t.newUser();
      expect((await call(t.baseUrl, 'POST', `/conversations/${chat.id}/share`, { token: stranger.accessToken! })).status).toBe(404);
    });
  });
});
