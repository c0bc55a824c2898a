import type { Conversation } from '@mana/contracts';
import { act, fireEvent, screen, waitFor, within } from 'expo-router/testing-library';
import { createFakeApi, json, makeConversation, type FakeApi } from './fake-api';
import { renderApp, signInAs, withDefaults } from './render-app';

function page(items: Conversation[], total = items.length, offset = 0) {
  return json(200, { items, total, limit: 30, offset });
}

function setup(conversations: Conversation[]): FakeApi {
  signInAs();
  const api = withDefaults(createFakeApi());
  api.on('GET', '/conversations', (request) =>
    request.query.get('archived') === 'true' ? page(conversations.filter((c) => c.isArchived)) : page(conversations.filter((c) => !c.isArchived)),
  );
  return api;
}

describe('the conversation list', () => {
  it('shows pinned conversations in their own section above the recent ones', async () => {
    const api = setup([makeConversation({ title: 'Pinned plan', isPinned: true }), makeConversation({ title: 'Yesterday chat' })]);
    renderApp(api);
    expect(await screen.findByText('Pinned plan')).toBeOnTheScreen();
    expect(screen.getByText('Pinned')).toBeOnTheScreen();
    expect(screen.getByText('Recent')).toBeOnTheScreen();
    expect(screen.getByText('Yesterday chat')).toBeOnTheScreen();
  });

  it('loads the next page when scrolled to the end', async () => {
    signInAs();
    const api = withDefaults(createFakeApi());
    const first = Array.from({ length: 30 }, (_, i) => makeConversation({ title: `Chat ${i + 1}` }));
    const second = [makeConversation({ title: 'Chat 31' })];
    api.on('GET', '/conversations', (request) => (request.query.get('offset') === '30' ? page(second, 31, 30) : page(first, 31, 0)));
    renderApp(api);
    await screen.findByText('Chat 1');
    act(() => {
      fireEvent(screen.getByTestId('conversation-list'), 'onEndReached');
    });
    // Row 31 is outside the rendered window of the virtualised list; the request proves the page was loaded.
    await waitFor(() => expect(api.find('GET', '/conversations').map((r) => r.query.get('offset'))).toEqual(['0', '30']));
  });

  it('renames through the long-press menu', async () => {
    const conversation = makeConversation({ title: 'Old title' });
    const api = setup([conversation]);
    api.on('PATCH', `/conversations/${conversation.id}`, (request) => json(200, { ...conversation, ...(request.body as object) }));
    renderApp(api);
    fireEvent(await screen.findByTestId(`conversation-${conversation.id}`), 'onLongPress');
    fireEvent.press(await screen.findByTestId('action-rename'));
    fireEvent.changeText(await screen.findByTestId('rename-dialog-input'), 'Trip to Lisbon');
    fireEvent.press(screen.getByTestId('rename-dialog-confirm'));
    await waitFor(() => expect(api.find('PATCH', `/conversations/${conversation.id}`)[0]?.body).toEqual({ title: 'Trip to Lisbon' }));
  });

  it('pins, archives and deletes (after confirming) from the menu', async () => {
    const conversation = makeConversation({ title: 'Busy chat' });
    const api = setup([conversation]);
    api.on('PATCH', `/conversations/${conversation.id}`, (request) => json(200, { ...conversation, ...(request.body as object) }));
    api.on('DELETE', `/conversations/${conversation.id}`, json(204, null));
    renderApp(api);

    fireEvent.press(await screen.findByTestId(`conversation-more-${conversation.id}`));
    fireEvent.press(await screen.findByTestId('action-pin'));
    await waitFor(() => expect(api.find('PATCH', `/conversations/${conversation.id}`)).toHaveLength(1));

    fireEvent.press(screen.getByTestId(`conversation-more-${conversation.id}`));
    fireEvent.press(await screen.findByTestId('action-archive'));
    await waitFor(() => expect(api.find('PATCH', `/conversations/${conversation.id}`)).toHaveLength(2));
    expect(api.find('PATCH', `/conversations/${conversation.id}`).map((r) => r.body)).toEqual([{ isPinned: true }, { isArchived: true }]);

    fireEvent.press(screen.getByTestId(`conversation-more-${conversation.id}`));
    fireEvent.press(await screen.findByTestId('action-delete'));
    expect(await screen.findByText('Delete this chat?')).toBeOnTheScreen();
    expect(api.find('DELETE', `/conversations/${conversation.id}`)).toHaveLength(0);
    fireEvent.press(screen.getByTestId('delete-dialog-confirm'));
    await waitFor(() => expect(api.find('DELETE', `/conversations/${conversation.id}`)).toHaveLength(1));
  });

  it('quick actions appear behind a swiped row', async () => {
    const conversation = makeConversation({ title: 'Swipe me' });
    const api = setup([conversation]);
    api.on('PATCH', `/conversations/${conversation.id}`, (request) => json(200, { ...conversation, ...(request.body as object) }));
    renderApp(api);
    fireEvent.press(await screen.findByTestId(`conversation-row-${conversation.id}-swipe-archive`));
    await waitFor(() => expect(api.find('PATCH', `/conversations/${conversation.id}`)[0]?.body).toEqual({ isArchived: true }));
  });

  it('shows archived conversations on their own tab', async () => {
    const api = setup([makeConversation({ title: 'Active one' }), makeConversation({ title: 'Old archived', isArchived: true })]);
    renderApp(api);
    await screen.findByText('Active one');
    expect(screen.queryByText('Old archived')).toBeNull();
    fireEvent.press(screen.getByTestId('conversation-tabs-archived'));
    expect(await screen.findByText('Old archived')).toBeOnTheScreen();
  });

  it('searches messages and highlights the hit without interpreting HTML', async () => {
    const conversation = makeConversation({ title: 'Bread' });
    const api = setup([conversation]);
    api.on('GET', '/search', json(200, { items: [{ conversation, snippets: [{ messageId: null, text: 'feed the <mark>sourdough</mark> &lt;b&gt;daily&lt;/b&gt;' }] }] }));
    renderApp(api);
    fireEvent.changeText(await screen.findByTestId('conversation-search'), 'sourdough');
    const snippet = await screen.findByTestId(`snippet-${conversation.id}`);
    expect(within(snippet).getByText('sourdough')).toBeOnTheScreen();
    expect(snippet).toHaveTextContent('feed the sourdough <b>daily</b>');
    expect(api.find('GET', '/search')[0]!.query.get('q')).toBe('sourdough');
  });

  it('refetches on pull to refresh', async () => {
    const api = setup([makeConversation({ title: 'First' })]);
    renderApp(api);
    await screen.findByText('First');
    const before = api.find('GET', '/conversations').length;
    const list = screen.getByTestId('conversation-list');
    await act(async () => {
      list.props.refreshControl.props.onRefresh();
    });
    await waitFor(() => expect(api.find('GET', '/conversations').length).toBeGreaterThan(before));
  });
});
