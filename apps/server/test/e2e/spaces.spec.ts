import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManaClient } from '@mana/client';
import { call, startTestApp, type TestApp } from '../support/app';

type Role = 'owner' | 'admin' | 'member' | 'viewer' | 'outsider';
const ROLES: Role[] = ['owner', 'admin', 'member', 'viewer', 'outsider'];

interface World {
  spaceId: string;
  conversationId: string;
  tokens: Record<Role, string>;
  ids: Record<Role, string>;
  /** A plain member other than the actor, for role changes and removals. */
  bystanderId: string;
  /** An admin other than the actor. */
  otherAdminId: string;
}

describe('spaces', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** A space with one person in each role, a bystander member, and a conversation by the owner. */
  async function world(): Promise<World> {
    const people = {} as Record<Role | 'bystander' | 'otherAdmin', { client: ManaClient; userId: string; email: string }>;
    for (const role of [...ROLES, 'bystander', 'otherAdmin'] as const) people[role] = await t.newUser(role);
    const owner = people.owner.client;
    const space = await owner.request<{ id: string }>('POST', '/spaces', { body: { name: 'Team' } });
    for (const role of ['admin', 'member', 'viewer', 'bystander', 'otherAdmin'] as const) {
      const given = role === 'bystander' ? 'member' : role === 'otherAdmin' ? 'admin' : role;
      await owner.request('POST', `/spaces/${space.id}/invite`, { body: { email: people[role].email, role: given } });
      await people[role].client.request('POST', `/spaces/${space.id}/respond`, { body: { accept: true } });
    }
    const conversation = await owner.createConversation({ spaceId: space.id, title: 'Space chat' });
    await owner.sendMessage(conversation.id, { content: 'hello team' });
    return {
      spaceId: space.id,
      conversationId: conversation.id,
      tokens: Object.fromEntries(ROLES.map((r) => [r, people[r].client.accessToken!])) as Record<Role, string>,
      ids: Object.fromEntries(ROLES.map((r) => [r, people[r].userId])) as Record<Role, string>,
      bystanderId: people.bystander.userId,
      otherAdminId: people.otherAdmin.userId,
    };
  }

  type Action = [name: string, run: (w: World, token: string) => Promise<number>, allowed: Role[]];
  const req = (method: string, path: string, body?: unknown) => async (token: string) =>
    (await call(t.baseUrl, method, path, { token, body })).status;

  const actions: Action[] = [
    ['view the space', (w, tk) => req('GET', `/spaces/${w.spaceId}`)(tk), ['owner', 'admin', 'member', 'viewer']],
    ['list members', (w, tk) => req('GET', `/spaces/${w.spaceId}/members`)(tk), ['owner', 'admin', 'member', 'viewer']],
    ['read a space conversation', (w, tk) => req('GET', `/conversations/${w.conversationId}/messages`)(tk), ['owner', 'admin', 'member', 'viewer']],
    ['list space conversations', (w, tk) => req('GET', `/conversations?spaceId=${w.spaceId}`)(tk), ['owner', 'admin', 'member', 'viewer']],
    ['start a conversation in the space', (w, tk) => req('POST', '/conversations', { spaceId: w.spaceId })(tk), ['owner', 'admin', 'member']],
    ['send a message in a space conversation', (w, tk) => req('POST', `/conversations/${w.conversationId}/messages`, { content: 'hi' })(tk), ['owner', 'admin', 'member']],
    ['rename a space conversation', (w, tk) => req('PATCH', `/conversations/${w.conversationId}`, { title: 'x' })(tk), ['owner', 'admin', 'member']],
    ["delete the owner's space conversation", (w, tk) => req('DELETE', `/conversations/${w.conversationId}`)(tk), ['owner', 'admin']],
    ['rename the space', (w, tk) => req('PATCH', `/spaces/${w.spaceId}`, { name: 'Renamed' })(tk), ['owner', 'admin']],
    ['invite someone', (w, tk) => req('POST', `/spaces/${w.spaceId}/invite`, { email: 'new@example.com', role: 'member' })(tk), ['owner', 'admin']],
    ['make a member a viewer', (w, tk) => req('PATCH', `/spaces/${w.spaceId}/members/${w.bystanderId}`, { role: 'viewer' })(tk), ['owner', 'admin']],
    ['make a member an admin', (w, tk) => req('PATCH', `/spaces/${w.spaceId}/members/${w.bystanderId}`, { role: 'admin' })(tk), ['owner']],
    ['remove a member', (w, tk) => req('DELETE', `/spaces/${w.spaceId}/members/${w.bystanderId}`)(tk), ['owner', 'admin']],
    ['remove another admin', (w, tk) => req('DELETE', `/spaces/${w.spaceId}/members/${w.otherAdminId}`)(tk), ['owner']],
    ['delete the space', (w, tk) => req('DELETE', `/spaces/${w.spaceId}`)(tk), ['owner']],
  ];

  const cases = actions.flatMap(([name, run, allowed]) => ROLES.map((role) => [name, role, run, allowed.includes(role)] as const));

  it.each(cases)('%s as %s', async (_name, role, run, allowed) => {
    const w = await world();
    const status = await run(w, w.tokens[role]);
    if (allowed) expect(status).toBeLessThan(300);
    else expect(status).toBe(role === 'outsider' ? 404 : 403);
  });

  it('shows a pending invitation to the invitee, who can decline it', async () => {
    const owner = await t.newUser();
    const invitee = await t.newUser();
    const space = await owner.client.request<{ id: string }>('POST', '/spaces', { body: { name: 'Club' } });
    await owner.client.request('POST', `/spaces/${space.id}/invite`, { body: { email: invitee.email.toUpperCase(), role: 'viewer' } });
    const invitations = await invitee.client.request<{ items: { spaceId: string; role: string }[] }>('GET', '/spaces/invitations');
    expect(invitations.items).toEqual([expect.objectContaining({ spaceId: space.id, role: 'viewer' })]);
    // Pending is not a member yet.
    expect((await call(t.baseUrl, 'GET', `/spaces/${space.id}`, { token: invitee.client.accessToken! })).status).toBe(404);
    await invitee.client.request('POST', `/spaces/${space.id}/respond`, { body: { accept: false } });
    expect((await invitee.client.request<{ items: unknown[] }>('GET', '/spaces/invitations')).items).toEqual([]);
    expect((await call(t.baseUrl, 'GET', `/spaces/${space.id}`, { token: invitee.client.accessToken! })).status).toBe(404);
  });

  it('answers an invitation to an unknown email like a known one', async () => {
    const owner = await t.newUser();
    const space = await owner.client.request<{ id: string }>('POST', '/spaces', { body: { name: 'Probe' } });
    const unknown = await call(t.baseUrl, 'POST', `/spaces/${space.id}/invite`, { token: owner.client.accessToken!, body: { email: 'nobody@nowhere.test', role: 'member' } });
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual({ status: 'pending' });
  });

  it('lets a member leave, but not the owner', async () => {
    const w = await world();
    expect((await call(t.baseUrl, 'POST', `/spaces/${w.spaceId}/leave`, { token: w.tokens.member })).status).toBe(204);
    expect((await call(t.baseUrl, 'GET', `/spaces/${w.spaceId}`, { token: w.tokens.member })).status).toBe(404);
    expect((await call(t.baseUrl, 'POST', `/spaces/${w.spaceId}/leave`, { token: w.tokens.owner })).status).toBe(403);
  });

  it("keeps space conversations out of members' personal lists and lists them per space", async () => {
    const w = await world();
    const personal = await call(t.baseUrl, 'GET', '/conversations', { token: w.tokens.member });
    expect(personal.body.items).toEqual([]);
    const inSpace = await call(t.baseUrl, 'GET', `/conversations?spaceId=${w.spaceId}`, { token: w.tokens.viewer });
    expect(inSpace.body.items.map((c: { id: string }) => c.id)).toEqual([w.conversationId]);
  });
});

describe('live changes in a space', () => {
  it("tells every member about a conversation and its reply, not only the one who wrote", async () => {
    const { readServerSentEvents } = await import('@mana/client');
    const t = await startTestApp();
    try {
      const owner = await t.newUser('Owner');
      const member = await t.newUser('Member');
      const space = await owner.client.request<{ id: string }>('POST', '/spaces', { body: { name: 'Live' } });
      await owner.client.request('POST', `/spaces/${space.id}/invite`, { body: { email: member.email, role: 'viewer' } });
      await member.client.request('POST', `/spaces/${space.id}/respond`, { body: { accept: true } });

      const abort = new AbortController();
      const heard: { type: string; messageId?: string }[] = [];
      const response = await member.client.raw('GET', '/events', { headers: { accept: 'text/event-stream' }, signal: abort.signal });
      const reading = (async () => {
        try {
          for await (const e of readServerSentEvents(response.body!, abort.signal)) heard.push(JSON.parse(e.data));
        } catch {
          // aborted at the end
        }
      })();
      await new Promise((r) => setTimeout(r, 100));

      const chat = await owner.client.createConversation({ spaceId: space.id, title: 'Together' });
      const sent = await owner.client.sendMessage(chat.id, { content: 'hello space' });
      const replyId = sent.assistantMessages[0].id;
      for (let i = 0; i < 100 && !heard.some((e) => e.type === 'message.completed' && e.messageId === replyId); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      abort.abort();
      await reading;
      expect(heard.map((e) => e.type)).toEqual(expect.arrayContaining(['conversation.created', 'message.created', 'message.completed']));
    } finally {
      await t.close();
    }
  });
});
