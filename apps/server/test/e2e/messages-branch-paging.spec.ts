import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManaClient } from '@mana/client';
import { call, startTestApp, type TestApp } from '../support/app';
import { waitForFinal } from '../support/chat';

const cursorOf = (id: string) => Buffer.from(`m:${id}`).toString('base64url');

/** The active branch, oldest first, read backwards with `before` pages from the newest. */
async function branchReadBackwards(client: ManaClient, conversationId: string): Promise<string[]> {
  let page = await client.listMessages(conversationId, { limit: 3 });
  const ids = page.items.map((m) => m.id);
  while (page.nextCursor) {
    page = await client.listMessages(conversationId, { limit: 3, before: page.nextCursor });
    ids.unshift(...page.items.map((m) => m.id));
  }
  return ids;
}

/** The active branch, oldest first, read forwards with `after` pages from its first message. */
async function branchReadForwards(client: ManaClient, conversationId: string, firstId: string, limit: number): Promise<string[]> {
  const ids = [firstId];
  let cursor: string | null = cursorOf(firstId);
  while (cursor) {
    const page = await client.listMessages(conversationId, { limit, after: cursor });
    ids.push(...page.items.map((m) => m.id));
    cursor = page.prevCursor;
  }
  return ids;
}

/** Messages marked on the active branch that are not on the path to the leaf, and the reverse: none of either. */
async function expectMarksOnPathToLeaf(t: TestApp, conversationId: string) {
  const result = await t.database.db.execute(sql`
    with recursive path(id, parent_id) as (
      select m.id, m.parent_id from messages m join conversations c on m.id = c.active_leaf_id where c.id = ${conversationId}
      union all
      select m.id, m.parent_id from messages m join path p on m.id = p.parent_id
    )
    select m.id, m.on_active_branch from messages m
    where m.conversation_id = ${conversationId} and m.on_active_branch <> exists (select 1 from path where path.id = m.id)`);
  expect((result as unknown as { rows: unknown[] }).rows).toEqual([]);
}

describe('newer (`after`) pages follow the active branch across forks', () => {
  let t: TestApp;
  let client: ManaClient;
  let conversationId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ client } = await t.newUser());
    conversationId = (await client.createConversation({ title: 'Forks' })).id;
  });
  afterAll(() => t.close());

  /** Sends and waits for the reply: [user message id, reply id]. */
  async function exchange(content: string, parentId?: string): Promise<[string, string]> {
    const sent = await client.sendMessage(conversationId, { content, ...(parentId ? { parentId } : {}) });
    await waitForFinal(client, sent.assistantMessages[0].id);
    return [sent.userMessage!.id, sent.assistantMessages[0].id];
  }

  async function expectBranch(expected: string[]) {
    expect(await branchReadBackwards(client, conversationId)).toEqual(expected);
    for (const limit of [1, 2, 5]) expect(await branchReadForwards(client, conversationId, expected[0], limit)).toEqual(expected);
    await expectMarksOnPathToLeaf(t, conversationId);
  }

  let u1: string, r1: string, u2: string, r2: string, u3: string, r3: string, u4: string, r4: string;
  let r2b: string, u2b: string, r2c: string;

  it('after a regenerated reply: the new reply, never the one it replaced', async () => {
    [u1, r1] = await exchange('one');
    [u2, r2] = await exchange('two');
    [u3, r3] = await exchange('three');
    [u4, r4] = await exchange('four');
    await expectBranch([u1, r1, u2, r2, u3, r3, u4, r4]);

    r2b = (await client.regenerate(r2)).assistantMessages[0].id;
    await waitForFinal(client, r2b);
    await expectBranch([u1, r1, u2, r2b]);
    expect((await client.listMessages(conversationId, { after: cursorOf(u2) })).items.map((m) => m.id)).toEqual([r2b]);
  });

  it('refuses a cursor left behind on another branch', async () => {
    const stale = await call(t.baseUrl, 'GET', `/conversations/${conversationId}/messages?after=${cursorOf(r3)}`, { token: client.accessToken! });
    expect(stale.status).toBe(400);
    expect(stale.body.error.code).toBe('VALIDATION');
  });

  it('after an edit: the edited message and its answer', async () => {
    const edited = await client.editMessage(u2, { content: 'two, better' });
    [u2b, r2c] = [edited.userMessage!.id, edited.assistantMessages[0].id];
    await waitForFinal(client, r2c);
    await expectBranch([u1, r1, u2b, r2c]);
  });

  it('after a branch switch: through every fork on the way to the chosen leaf', async () => {
    await client.switchBranch(conversationId, u3);
    await expectBranch([u1, r1, u2, r2, u3, r3, u4, r4]);
    const page = await client.listMessages(conversationId, { limit: 3, after: cursorOf(r1) });
    expect(page.items.map((m) => m.id)).toEqual([u2, r2, u3]);
    expect(page.items[0].siblingIds).toEqual([u2, u2b]);
    expect(page.items[1].siblingIds).toEqual([r2, r2b]);
    expect(page.prevCursor).toBe(cursorOf(u3));
  });

  it('after answering under a message off the branch, and in compare mode', async () => {
    const [u5, r5] = await exchange('five', r2b);
    await expectBranch([u1, r1, u2, r2b, u5, r5]);
    const compared = await client.sendMessage(conversationId, { content: 'six', modelIds: ['builtin/echo', 'builtin/echo'] });
    await Promise.all(compared.assistantMessages.map((m) => waitForFinal(client, m.id)));
    const [first, second] = compared.assistantMessages.map((m) => m.id);
    await expectBranch([u1, r1, u2, r2b, u5, r5, compared.userMessage!.id, first]);
    await client.switchBranch(conversationId, second);
    await expectBranch([u1, r1, u2, r2b, u5, r5, compared.userMessage!.id, second]);
  });

  it('after editing the first message (a new root) and switching back to the old one', async () => {
    const edited = await client.editMessage(u1, { content: 'one, again' });
    await waitForFinal(client, edited.assistantMessages[0].id);
    await expectBranch([edited.userMessage!.id, edited.assistantMessages[0].id]);
    await client.switchBranch(conversationId, u1);
    // The newest leaf under the old root: the edit of u2 is newer than u2.
    await expectBranch([u1, r1, u2b, r2c]);
  });

  it('after messages sent at the same time: each answers the leaf it saw, one ends the branch', async () => {
    const sent = await Promise.all(['seven', 'eight', 'nine', 'ten'].map((content) => client.sendMessage(conversationId, { content })));
    await Promise.all(sent.map((s) => waitForFinal(client, s.assistantMessages[0].id)));
    const branch = await branchReadBackwards(client, conversationId);
    expect(branch.slice(0, 4)).toEqual([u1, r1, u2b, r2c]);
    expect(branch.at(-1)).toBe((await client.getConversation(conversationId)).activeLeafId);
    expect(sent.some((s) => s.assistantMessages[0].id === branch.at(-1))).toBe(true);
    await expectBranch(branch);
  });
});

/** A chain longer than the old walk from the leaf (100,000 steps) went, so old code answered 400 there. */
const LONG = 100_100;

describe('newer (`after`) pages deep in a long conversation', () => {
  let t: TestApp;
  let client: ManaClient;
  let conversationId: string;
  /** The id of the g-th message of the seeded chain (1 = oldest), as the SQL below makes it. */
  const idAt = (g: number) => {
    const h = createHash('md5').update(`${conversationId}${g}`).digest('hex');
    const x = `${h.slice(0, 12)}4${h.slice(13, 16)}8${h.slice(17)}`;
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
  };
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => idAt(from + i));
  const idsAfter = async (anchor: string, limit: number) => {
    const page = await client.listMessages(conversationId, { limit, after: cursorOf(anchor) });
    return { ids: page.items.map((m) => m.id), prevCursor: page.prevCursor };
  };

  beforeAll(async () => {
    t = await startTestApp();
    ({ client } = await t.newUser());
    conversationId = (await client.createConversation({ title: 'Long' })).id;
    // Seeded in one statement, as the benchmark does: a chain, odd messages the user's.
    const uuidOf = (g: unknown) => sql`overlay(overlay(md5(${conversationId} || ${g}) placing '4' from 13) placing '8' from 17)::uuid`;
    await t.database.db.execute(sql`
      insert into messages (id, conversation_id, parent_id, role, content, status, created_at, updated_at)
      select ${uuidOf(sql`g`)}, ${conversationId}, case when g = 1 then null else ${uuidOf(sql`g - 1`)} end,
             case when g % 2 = 1 then 'user' else 'assistant' end, 'message ' || g, 'complete',
             timestamptz '2025-01-01' + g * interval '1 second', timestamptz '2025-01-01' + g * interval '1 second'
      from generate_series(1, ${LONG}::int) g`);
    await t.database.db.execute(sql`update conversations set active_leaf_id = ${idAt(LONG)} where id = ${conversationId}`);
  }, 120_000);
  afterAll(() => t.close());

  it('pages newer messages from the very first one', async () => {
    expect(await idsAfter(idAt(1), 50)).toEqual({ ids: range(2, 51), prevCursor: cursorOf(idAt(51)) });
    expect(await idsAfter(idAt(LONG - 3), 50)).toEqual({ ids: range(LONG - 2, LONG), prevCursor: null });
    const older = await client.listMessages(conversationId, { limit: 5, before: cursorOf(idAt(7)) });
    expect(older.items.map((m) => m.id)).toEqual(range(2, 6));
  });

  it('follows an edit, a switch back and a regenerated reply, each a hundred thousand messages from the leaf', async () => {
    const edited = await client.editMessage(idAt(11), { content: 'eleven, edited' });
    const answer = edited.assistantMessages[0].id;
    await waitForFinal(client, answer);
    expect(await idsAfter(idAt(5), 10)).toEqual({ ids: [...range(6, 10), edited.userMessage!.id, answer], prevCursor: null });
    expect((await call(t.baseUrl, 'GET', `/conversations/${conversationId}/messages?after=${cursorOf(idAt(20))}`, { token: client.accessToken! })).status).toBe(400);

    await client.switchBranch(conversationId, idAt(11));
    expect(await idsAfter(idAt(5), 10)).toEqual({ ids: range(6, 15), prevCursor: cursorOf(idAt(15)) });

    const regenerated = (await client.regenerate(idAt(12))).assistantMessages[0].id;
    await waitForFinal(client, regenerated);
    expect(await idsAfter(idAt(5), 10)).toEqual({ ids: [...range(6, 11), regenerated], prevCursor: null });

    await client.switchBranch(conversationId, idAt(12));
    expect(await idsAfter(idAt(9), 4)).toEqual({ ids: range(10, 13), prevCursor: cursorOf(idAt(13)) });
    expect(await idsAfter(idAt(LONG - 1), 4)).toEqual({ ids: [idAt(LONG)], prevCursor: null });
    await expectMarksOnPathToLeaf(t, conversationId);
  }, 120_000);
});
