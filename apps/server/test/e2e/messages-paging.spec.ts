import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManaClient } from '@mana/client';
import { conversations, messages } from '../../src/db/schema';
import { call, startTestApp, type TestApp } from '../support/app';

const COUNT = 250;

describe('keyset paging along the active branch', () => {
  let t: TestApp;
  let client: ManaClient;
  let conversationId: string;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    ({ client } = await t.newUser());
    conversationId = (await client.createConversation({ title: 'Long' })).id;
    // A 250-message chain, plus a side branch that must never show up in the active branch.
    const base = Date.now() - 1_000_000;
    let parentId: string | null = null;
    const rows = [];
    for (let i = 0; i < COUNT; i++) {
      const id = randomUUID();
      rows.push({ id, conversationId, parentId, role: i % 2 ? 'assistant' : 'user', content: `message ${i}`, status: 'complete', createdAt: new Date(base + i * 1000) } as const);
      ids.push(id);
      parentId = id;
    }
    rows.push({ id: randomUUID(), conversationId, parentId: ids[100], role: 'assistant', content: 'side branch', status: 'complete', createdAt: new Date(base + 100_500) } as const);
    await t.database.db.insert(messages).values(rows);
    await t.database.db.update(conversations).set({ activeLeafId: ids.at(-1) }).where(eq(conversations.id, conversationId));
  });
  afterAll(() => t.close());

  it('walks backwards from the newest page, each message exactly once, in order', async () => {
    const seen: string[] = [];
    let page = await client.listMessages(conversationId, { limit: 40 });
    expect(page.prevCursor).toBeNull();
    seen.unshift(...page.items.map((m) => m.id));
    while (page.nextCursor) {
      page = await client.listMessages(conversationId, { limit: 40, before: page.nextCursor });
      seen.unshift(...page.items.map((m) => m.id));
    }
    expect(seen).toEqual(ids);
  });

  it('walks forwards with `after` from the oldest page, each message exactly once', async () => {
    let page = await client.listMessages(conversationId, { limit: 40 });
    while (page.nextCursor) page = await client.listMessages(conversationId, { limit: 40, before: page.nextCursor });
    expect(page.items[0].id).toBe(ids[0]);
    const seen = page.items.map((m) => m.id);
    while (page.prevCursor) {
      page = await client.listMessages(conversationId, { limit: 37, after: page.prevCursor });
      seen.push(...page.items.map((m) => m.id));
    }
    expect(seen).toEqual(ids);
  });

  it('stays stable while new messages arrive at the leaf', async () => {
    const first = await client.listMessages(conversationId, { limit: 50 });
    const sent = await client.sendMessage(conversationId, { content: 'a new message arrives' });
    const second = await client.listMessages(conversationId, { limit: 50, before: first.nextCursor! });
    expect(second.items.map((m) => m.id)).toEqual(ids.slice(COUNT - 100, COUNT - 50));
    const newer = await client.listMessages(conversationId, { limit: 50, after: first.prevCursor ?? encodeLast(first) });
    expect(newer.items.map((m) => m.id)).toEqual([sent.userMessage!.id, sent.assistantMessages[0].id]);

    function encodeLast(page: typeof first) {
      return Buffer.from(`m:${page.items.at(-1)!.id}`).toString('base64url');
    }
  });

  it('marks messages with siblings for the branch switcher', async () => {
    const newest = await client.listMessages(conversationId, { limit: 200 });
    const older = await client.listMessages(conversationId, { limit: 200, before: newest.nextCursor! });
    const branchPoint = [...older.items, ...newest.items].find((m) => m.id === ids[101])!;
    expect(branchPoint.siblingIds).toHaveLength(2);
    // Oldest first: the side branch was written half a second before ids[101].
    expect(branchPoint.siblingIds[1]).toBe(ids[101]);
  });

  it('refuses a forged or foreign cursor', async () => {
    const bad = await call(t.baseUrl, 'GET', `/conversations/${conversationId}/messages?before=bm90LWEtY3Vyc29y`, { token: client.accessToken! });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
  });
});
