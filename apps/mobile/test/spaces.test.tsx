import type { Conversation, Space, SpaceInvitation, SpaceMember } from '@mana/contracts';
import { fireEvent, screen, waitFor, within } from 'expo-router/testing-library';
import { apiError, createFakeApi, json, makeConversation, makeMessage, makeSpace, type FakeApi } from './fake-api';
import { renderApp, signInAs, withDefaults } from './render-app';

function setup({ spaces = [] as Space[], invitations = [] as SpaceInvitation[], conversations = [] as Conversation[] } = {}) {
  signInAs();
  const api = withDefaults(createFakeApi());
  const state = { spaces: [...spaces], invitations: [...invitations] };
  api.on('GET', '/spaces', () => json(200, { items: state.spaces }));
  api.on('GET', '/spaces/invitations', () => json(200, { items: state.invitations }));
  // Without `spaceId` the own conversations, with it the space's (as the server filters).
  api.on('GET', '/conversations', (request) => {
    const items = conversations.filter((c) => c.spaceId === (request.query.get('spaceId') ?? null));
    return json(200, { items, total: items.length, limit: 30, offset: 0 });
  });
  return { api, state };
}

const member = (patch: Partial<SpaceMember> & Pick<SpaceMember, 'userId' | 'name'>): SpaceMember => ({
  email: `${patch.name.toLowerCase()}@example.com`,
  role: 'member',
  status: 'accepted',
  invitedAt: '2026-11-20T09:00:00.000Z',
  ...patch,
});

/** A space whose detail and members the test controls. */
function withSpace(api: FakeApi, space: Space, members: SpaceMember[]) {
  const state = { members: [...members] };
  api.on('GET', `/spaces/${space.id}`, () => json(200, space));
  api.on('GET', `/spaces/${space.id}/members`, () => json(200, { items: state.members }));
  return state;
}

describe('spaces', () => {
  it('lists my spaces with my role and the member count, and creates one', async () => {
    const design = makeSpace({ name: 'Design team', role: 'owner', memberCount: 3 });
    const book = makeSpace({ name: 'Book club', role: 'viewer', memberCount: 1 });
    const { api, state } = setup({ spaces: [design, book] });
    const created = makeSpace({ name: 'Launch plan', role: 'owner', memberCount: 1 });
    api.on('POST', '/spaces', () => {
      state.spaces = [...state.spaces, created];
      return json(201, created);
    });

    renderApp(api);
    fireEvent.press(await screen.findByTestId('open-spaces'));
    expect(await screen.findByText('Design team')).toBeOnTheScreen();
    expect(screen.getByTestId(`space-role-${design.id}`)).toHaveTextContent('Owner');
    expect(screen.getByTestId(`space-members-count-${design.id}`)).toHaveTextContent('3 members');
    expect(screen.getByTestId(`space-role-${book.id}`)).toHaveTextContent('Viewer');
    expect(screen.getByTestId(`space-members-count-${book.id}`)).toHaveTextContent('1 member');

    fireEvent.press(screen.getByTestId('space-new'));
    fireEvent.changeText(await screen.findByTestId('space-create-dialog-input'), '  Launch plan ');
    fireEvent.press(screen.getByTestId('space-create-dialog-confirm'));
    expect(await screen.findByText('Launch plan')).toBeOnTheScreen();
    expect(api.find('POST', '/spaces')[0]!.body).toEqual({ name: 'Launch plan' });
  });

  it('accepts one invitation and declines another; the accepted space joins the list', async () => {
    const team = makeSpace({ name: 'Research', role: 'member', memberCount: 4 });
    const invitations: SpaceInvitation[] = [
      { spaceId: team.id, spaceName: 'Research', role: 'member', invitedBy: 'Ana', invitedAt: '2026-11-24T08:00:00.000Z' },
      { spaceId: 'b0000000-0000-4000-8000-000000000009', spaceName: 'Spam club', role: 'viewer', invitedBy: null, invitedAt: '2026-11-24T08:00:00.000Z' },
    ];
    const { api, state } = setup({ invitations });
    api.on('POST', '/spaces/:id/respond', (request) => {
      const spaceId = request.path.split('/')[2]!;
      state.invitations = state.invitations.filter((i) => i.spaceId !== spaceId);
      if ((request.body as { accept: boolean }).accept) state.spaces = [team];
      return json(200, { status: (request.body as { accept: boolean }).accept ? 'accepted' : 'declined' });
    });

    renderApp(api);
    // The main list shows that invitations are waiting.
    expect(await screen.findByTestId('spaces-invitation-badge')).toBeOnTheScreen();
    fireEvent.press(screen.getByTestId('open-spaces'));
    const card = await screen.findByTestId(`invitation-${team.id}`);
    expect(within(card).getByText('Invited as Member')).toBeOnTheScreen();
    expect(await screen.findByTestId('spaces-empty')).toBeOnTheScreen();

    fireEvent.press(screen.getByTestId('invitation-decline-b0000000-0000-4000-8000-000000000009'));
    await waitFor(() => expect(screen.queryByText('Spam club')).toBeNull());
    fireEvent.press(screen.getByTestId(`invitation-accept-${team.id}`));
    expect(await screen.findByTestId(`space-${team.id}`)).toBeOnTheScreen();
    await waitFor(() => expect(screen.queryByTestId('space-invitations')).toBeNull());
    expect(api.find('POST', /\/respond$/).map((r) => [r.path, r.body])).toEqual([
      ['/spaces/b0000000-0000-4000-8000-000000000009/respond', { accept: false }],
      [`/spaces/${team.id}/respond`, { accept: true }],
    ]);
  });

  it("opens a space: its conversations, and a new chat that is created in it", async () => {
    const space = makeSpace({ name: 'Design team', role: 'member', memberCount: 2 });
    const shared = makeConversation({ title: 'Logo ideas', spaceId: space.id });
    const { api } = setup({ spaces: [space], conversations: [shared] });
    withSpace(api, space, []);
    const created = makeConversation({ title: 'New chat', spaceId: space.id });
    api.on('POST', '/conversations', json(201, created));
    api.on('GET', `/conversations/${created.id}`, json(200, created));
    api.on('GET', `/conversations/${created.id}/messages`, json(200, { items: [], nextCursor: null, prevCursor: null }));
    api.on('POST', `/conversations/${created.id}/messages`, apiError(503, 'UPSTREAM_UNAVAILABLE', 'down for the test'));

    const app = renderApp(api, { initialUrl: `/spaces/${space.id}` });
    expect(await screen.findByText('Logo ideas')).toBeOnTheScreen();
    expect(screen.getByText('Member · 2 members')).toBeOnTheScreen();
    expect(api.find('GET', '/conversations').some((r) => r.query.get('spaceId') === space.id)).toBe(true);

    fireEvent.press(screen.getByTestId('space-new-chat'));
    await waitFor(() => expect(app.getPathname()).toBe('/chat/new'));
    fireEvent.changeText(await screen.findByTestId('composer-input'), 'Hello team');
    fireEvent.press(screen.getByTestId('composer-send'));
    await waitFor(() => expect(api.find('POST', '/conversations')).toHaveLength(1));
    expect(api.find('POST', '/conversations')[0]!.body).toEqual({ modelId: 'builtin/echo', spaceId: space.id });
  });

  it('invites by email with a role (admins cannot hand out admin)', async () => {
    const space = makeSpace({ role: 'admin', memberCount: 2 });
    const { api } = setup({ spaces: [space] });
    withSpace(api, space, [member({ userId: 'owner-1', name: 'Olga', role: 'owner' }), member({ userId: 'user-1', name: 'Mia', role: 'admin' })]);
    api.once('POST', `/spaces/${space.id}/invite`, apiError(409, 'CONFLICT', 'already'));
    api.on('POST', `/spaces/${space.id}/invite`, json(202, { status: 'pending' }));

    renderApp(api, { initialUrl: `/spaces/${space.id}` });
    fireEvent.press(await screen.findByTestId('space-tabs-members'));
    expect(await screen.findByTestId('member-role-owner-1')).toHaveTextContent('Owner');
    // Nobody can change the owner; my own row has no menu either.
    expect(screen.queryByTestId('member-actions-owner-1')).toBeNull();
    expect(screen.queryByTestId('member-actions-user-1')).toBeNull();

    fireEvent.press(screen.getByTestId('space-invite'));
    expect(await screen.findByTestId('invite-role-member')).toBeOnTheScreen();
    expect(screen.queryByTestId('invite-role-admin')).toBeNull();

    fireEvent.changeText(screen.getByTestId('invite-email'), 'not an email');
    fireEvent.press(screen.getByTestId('invite-submit'));
    expect(await screen.findByTestId('invite-error')).toHaveTextContent('Enter a valid email address.');
    expect(api.find('POST', `/spaces/${space.id}/invite`)).toHaveLength(0);

    fireEvent.changeText(screen.getByTestId('invite-email'), 'Ben@Example.com');
    fireEvent.press(screen.getByTestId('invite-role-viewer'));
    fireEvent.press(screen.getByTestId('invite-submit'));
    expect(await screen.findByText('This person is already a member or invited.')).toBeOnTheScreen();

    fireEvent.changeText(screen.getByTestId('invite-email'), 'cleo@example.com');
    fireEvent.press(screen.getByTestId('invite-submit'));
    expect(await screen.findByTestId('invite-sent')).toHaveTextContent(/If cleo@example.com has an account on this server/);
    expect(api.find('POST', `/spaces/${space.id}/invite`).map((r) => r.body)).toEqual([
      { email: 'Ben@Example.com', role: 'viewer' },
      { email: 'cleo@example.com', role: 'viewer' },
    ]);
  });

  it("the owner makes a member an admin and removes someone after confirming", async () => {
    const space = makeSpace({ role: 'owner', memberCount: 3 });
    const { api } = setup({ spaces: [space] });
    const members = withSpace(api, space, [
      member({ userId: 'user-1', name: 'Mia', role: 'owner' }),
      member({ userId: 'u-ben', name: 'Ben', role: 'member' }),
      member({ userId: 'u-cleo', name: 'Cleo', role: 'viewer', status: 'pending' }),
    ]);
    api.on('PATCH', `/spaces/${space.id}/members/u-ben`, (request) => {
      members.members = members.members.map((m) => (m.userId === 'u-ben' ? { ...m, role: (request.body as { role: 'admin' }).role } : m));
      return json(204, null);
    });
    api.on('DELETE', `/spaces/${space.id}/members/u-cleo`, () => {
      members.members = members.members.filter((m) => m.userId !== 'u-cleo');
      return json(204, null);
    });

    renderApp(api, { initialUrl: `/spaces/${space.id}` });
    fireEvent.press(await screen.findByTestId('space-tabs-members'));
    expect(await screen.findByTestId('member-pending-u-cleo')).toHaveTextContent('Invited');

    fireEvent.press(screen.getByTestId('member-actions-u-ben'));
    fireEvent.press(await screen.findByTestId('action-role-admin'));
    await waitFor(() => expect(screen.getByTestId('member-role-u-ben')).toHaveTextContent('Admin'));
    expect(api.find('PATCH', `/spaces/${space.id}/members/u-ben`)[0]!.body).toEqual({ role: 'admin' });

    fireEvent.press(screen.getByTestId('member-actions-u-cleo'));
    fireEvent.press(await screen.findByTestId('action-remove'));
    expect(await screen.findByText('Remove Cleo?')).toBeOnTheScreen();
    fireEvent.press(screen.getByTestId('member-remove-dialog-confirm'));
    await waitFor(() => expect(screen.queryByTestId('member-u-cleo')).toBeNull());
    expect(api.find('DELETE', `/spaces/${space.id}/members/u-cleo`)).toHaveLength(1);
  });

  it('leaves a space (not the owner) and returns to the list without it', async () => {
    const space = makeSpace({ name: 'Old project', role: 'member', memberCount: 2 });
    const { api, state } = setup({ spaces: [space] });
    withSpace(api, space, []);
    api.on('POST', `/spaces/${space.id}/leave`, () => {
      state.spaces = [];
      return json(204, null);
    });
    const app = renderApp(api, { initialUrl: '/spaces' });
    fireEvent.press(await screen.findByTestId(`space-${space.id}`));
    fireEvent.press(await screen.findByTestId('space-menu'));
    expect(screen.queryByTestId('action-delete')).toBeNull();
    fireEvent.press(await screen.findByTestId('action-leave'));
    fireEvent.press(await screen.findByTestId('space-leave-dialog-confirm'));
    await waitFor(() => expect(app.getPathname()).toBe('/spaces'));
    expect(await screen.findByTestId('spaces-empty')).toBeOnTheScreen();
    expect(api.find('POST', `/spaces/${space.id}/leave`)).toHaveLength(1);
  });

  it("a viewer reads a space's chat without a composer, regenerate or edit", async () => {
    const space = makeSpace({ name: 'Board', role: 'viewer', memberCount: 5 });
    const conversation = makeConversation({ title: 'Budget', spaceId: space.id });
    const user = makeMessage({ conversationId: conversation.id, role: 'user', content: 'What is the budget?' });
    const reply = makeMessage({ conversationId: conversation.id, role: 'assistant', parentId: user.id, content: 'About 40k.', modelId: 'builtin/echo' });
    const { api } = setup({ spaces: [space] });
    withSpace(api, space, []);
    api.on('GET', `/conversations/${conversation.id}`, json(200, conversation));
    api.on('GET', `/conversations/${conversation.id}/messages`, json(200, { items: [user, reply], nextCursor: null, prevCursor: null }));

    renderApp(api, { initialUrl: `/chat/${conversation.id}` });
    expect(await screen.findByTestId('chat-read-only')).toHaveTextContent(/You are a viewer in “Board”: you can read this chat but not write in it\./);
    expect(screen.getByText('About 40k.')).toBeOnTheScreen();
    expect(screen.queryByTestId('composer-input')).toBeNull();
    expect(screen.queryByTestId(`regenerate-${reply.id}`)).toBeNull();
    expect(screen.queryByTestId(`edit-${user.id}`)).toBeNull();
    expect(api.find('GET', `/spaces/${space.id}`)).toHaveLength(1);
  });

  it('a member who becomes a viewer meanwhile gets the read-only state after a 403', async () => {
    const space = makeSpace({ name: 'Board', role: 'member' });
    const conversation = makeConversation({ title: 'Budget', spaceId: space.id });
    const { api } = setup({ spaces: [space] });
    api.once('GET', `/spaces/${space.id}`, json(200, space));
    api.on('GET', `/spaces/${space.id}`, json(200, { ...space, role: 'viewer' }));
    api.on('GET', `/conversations/${conversation.id}`, json(200, conversation));
    api.on('GET', `/conversations/${conversation.id}/messages`, json(200, { items: [], nextCursor: null, prevCursor: null }));
    api.on('POST', `/conversations/${conversation.id}/messages`, apiError(403, 'FORBIDDEN', 'Viewers cannot write in this space'));

    renderApp(api, { initialUrl: `/chat/${conversation.id}` });
    fireEvent.changeText(await screen.findByTestId('composer-input'), 'Can I still write?');
    fireEvent.press(screen.getByTestId('composer-send'));
    expect(await screen.findByTestId('chat-read-only')).toBeOnTheScreen();
    expect(screen.queryByTestId('composer-input')).toBeNull();
    expect(screen.getByTestId('chat-error')).toHaveTextContent('You can no longer write in this space.');
  });
});
