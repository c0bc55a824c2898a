import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationPage } from '@mana/contracts';
import type { ManaClient } from '@mana/client';
import { startTestApp, type TestApp } from '../support/app';
import { waitForFinal } from '../support/chat';

// The list is cached per list (DESIGN §8): every write that changes a list must show on the very
// next read, whoever made it and whichever list it changed. Each case reads first, so a stale
// cached page would be served.
describe('conversation lists stay right while cached', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const titles = (page: ConversationPage) => page.items.map((c) => c.title);

  it('shows creates, renames, pins, archives and deletes on the next read', async () => {
    const { client } = await t.newUser();
    const first = await client.createConversation({ title: 'first' });
    expect(titles(await client.listConversations())).toEqual(['first']);

    const second = await client.createConversation({ title: 'second' });
    expect(titles(await client.listConversations())).toEqual(['second', 'first']);

    await client.updateConversation(first.id, { title: 'first, renamed' });
    expect(titles(await client.listConversations())).toEqual(['second', 'first, renamed']);

    await client.updateConversation(first.id, { isPinned: true });
    expect(titles(await client.listConversations())).toEqual(['first, renamed', 'second']);

    expect(titles(await client.listConversations({ archived: true }))).toEqual([]);
    await client.updateConversation(second.id, { isArchived: true });
    expect(titles(await client.listConversations())).toEqual(['first, renamed']);
    expect(titles(await client.listConversations({ archived: true }))).toEqual(['second']);

    await client.deleteConversation(first.id);
    const after = await client.listConversations();
    expect(after.items).toEqual([]);
    expect(after.total).toBe(0);
  });

  it('moves a conversation to the top when a message is sent, and shows its new title', async () => {
    const { client } = await t.newUser();
    const older = await client.createConversation({});
    await client.createConversation({ title: 'newer' });
    const before = await client.listConversations();
    expect(before.items[0].title).toBe('newer');

    const sent = await client.sendMessage(older.id, { content: 'Tell me about caching lists' });
    expect((await client.listConversations()).items[0].id).toBe(older.id);
    await waitForFinal(client, sent.assistantMessages[0].id);
    // The title is set after the first reply, on its own: poll briefly, the cache must not hide it.
    let title = '';
    for (let i = 0; i < 100 && (title === '' || title === before.items[1].title); i++) {
      title = (await client.listConversations()).items[0].title;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(title).not.toBe(before.items[1].title);
  });

  it('shows imported conversations', async () => {
    const { client } = await t.newUser();
    await client.createConversation({ title: 'kept' });
    const exported = await client.exportConversations('json');
    expect((await client.listConversations()).total).toBe(1);
    await client.importConversations(JSON.parse(exported));
    expect((await client.listConversations()).total).toBe(2);
  });

  describe('in a space', () => {
    async function space(owner: ManaClient, member: { client: ManaClient; email: string }) {
      const created = await owner.createSpace({ name: 'Team' });
      await owner.inviteToSpace(created.id, { email: member.email, role: 'member' });
      await member.client.respondToInvitation(created.id, true);
      return created.id;
    }

    it("shows one member's new conversation in every member's list", async () => {
      const owner = await t.newUser('owner');
      const member = await t.newUser('member');
      const spaceId = await space(owner.client, member);
      expect((await member.client.listConversations({ spaceId })).total).toBe(0);
      expect((await owner.client.listConversations({ spaceId })).total).toBe(0);
      await owner.client.createConversation({ spaceId, title: 'plan' });
      expect(titles(await member.client.listConversations({ spaceId }))).toEqual(['plan']);
    });

    it("returns a deleted space's conversations to their creators' own lists", async () => {
      const owner = await t.newUser('owner');
      const member = await t.newUser('member');
      const spaceId = await space(owner.client, member);
      await member.client.createConversation({ spaceId, title: 'mine, in the space' });
      expect((await member.client.listConversations()).total).toBe(0);
      await owner.client.deleteSpace(spaceId);
      expect(titles(await member.client.listConversations())).toEqual(['mine, in the space']);
    });

    it("drops a deleted account's conversations from the space's list", async () => {
      const owner = await t.newUser('owner');
      const member = await t.newUser('member');
      const spaceId = await space(owner.client, member);
      await member.client.createConversation({ spaceId, title: 'leaving soon' });
      expect((await owner.client.listConversations({ spaceId })).total).toBe(1);
      await member.client.deleteAccount({ password: member.password, confirm: member.email });
      expect((await owner.client.listConversations({ spaceId })).total).toBe(0);
    });
  });
});
