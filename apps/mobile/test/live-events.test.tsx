import type { Conversation, Message } from '@mana/contracts';
import { act, fireEvent, screen, waitFor } from 'expo-router/testing-library';
import { AppState } from 'react-native';
import {
  changeEventText,
  controlledStream,
  createFakeApi,
  json,
  makeConversation,
  makeMessage,
  replyEvents,
  sseText,
  stream,
} from './fake-api';
import { renderApp, signInAs, withDefaults } from './render-app';

/** A signed-in app whose `GET /events` the test speaks on. */
function setup(conversations: Conversation[]) {
  signInAs();
  const api = withDefaults(createFakeApi());
  const events = controlledStream();
  api.once('GET', '/events', stream(events.body));
  api.on('GET', '/conversations', json(200, { items: conversations, total: conversations.length, limit: 30, offset: 0 }));
  const say = (...changes: Parameters<typeof changeEventText>[0]) => act(async () => events.push(changeEventText(changes)));
  return { api, events, say };
}

describe('live changes (GET /events)', () => {
  it('a chat created, renamed and deleted on another device shows up in the list without a refetch', async () => {
    const existing = makeConversation({ title: 'Existing chat', lastMessageAt: '2026-11-23T09:00:00.000Z' });
    const { api, say } = setup([existing]);
    renderApp(api);
    expect(await screen.findByText('Existing chat')).toBeOnTheScreen();
    await waitFor(() => expect(api.find('GET', '/events')).toHaveLength(1));
    expect(api.find('GET', '/events')[0]!.headers.authorization).toBe('Bearer access-1');

    const created = makeConversation({ title: 'From my laptop', lastMessageAt: '2026-11-24T10:00:00.000Z' });
    await say({ type: 'conversation.created', conversation: created });
    expect(await screen.findByText('From my laptop')).toBeOnTheScreen();
    const rows = () =>
      screen
        .getAllByTestId(/^conversation-row-/)
        .map((row) => row.props.testID as string)
        .filter((id) => !id.includes('-swipe-'));
    expect(rows()).toEqual([`conversation-row-${created.id}`, `conversation-row-${existing.id}`]);

    await say({ type: 'conversation.updated', conversation: { ...existing, title: 'Renamed elsewhere', lastMessageAt: '2026-11-24T11:00:00.000Z' } });
    expect(await screen.findByText('Renamed elsewhere')).toBeOnTheScreen();
    expect(rows()).toEqual([`conversation-row-${existing.id}`, `conversation-row-${created.id}`]);

    await say({ type: 'conversation.deleted', conversationId: created.id });
    await waitFor(() => expect(screen.queryByText('From my laptop')).toBeNull());
    expect(api.find('GET', '/conversations')).toHaveLength(1);
  });

  it('an open chat follows a reply started on another device, live, and refreshes it when complete', async () => {
    const conversation = makeConversation({ title: 'Shared plan' });
    const { api, say } = setup([conversation]);
    const first = makeMessage({ conversationId: conversation.id, role: 'user', content: 'Hi' });
    const firstReply = makeMessage({ conversationId: conversation.id, role: 'assistant', parentId: first.id, content: 'Hello there.', modelId: 'builtin/echo' });
    const state: { branch: Message[] } = { branch: [first, firstReply] };
    api.on('GET', `/conversations/${conversation.id}`, json(200, conversation));
    api.on('GET', `/conversations/${conversation.id}/messages`, () => json(200, { items: state.branch, nextCursor: null, prevCursor: null }));

    const user = makeMessage({ conversationId: conversation.id, role: 'user', content: 'Typed on my laptop', parentId: firstReply.id });
    const assistant = makeMessage({ conversationId: conversation.id, role: 'assistant', parentId: user.id, content: '', status: 'pending', modelId: 'builtin/echo' });
    const done = { ...assistant, content: 'Ein Plan für alle.', status: 'complete' as const, costUsd: 0.00042, promptTokens: 12, completionTokens: 30 };
    const reply = controlledStream();
    api.once('GET', `/messages/${assistant.id}/stream`, stream(reply.body));
    api.on('GET', `/messages/${assistant.id}`, json(200, done));
    const events = replyEvents(user, assistant, ['Ein ', 'Plan ', 'für ', 'alle.']);

    renderApp(api, { initialUrl: `/chat/${conversation.id}` });
    expect(await screen.findByText('Hello there.')).toBeOnTheScreen();
    await waitFor(() => expect(api.find('GET', '/events')).toHaveLength(1));

    await say(
      { type: 'message.created', conversationId: conversation.id, messageId: user.id, role: 'user', parentId: firstReply.id, status: 'complete' },
      { type: 'message.created', conversationId: conversation.id, messageId: assistant.id, role: 'assistant', parentId: user.id, status: 'pending' },
    );
    await waitFor(() => expect(api.find('GET', `/messages/${assistant.id}/stream`)).toHaveLength(1));
    expect(api.find('GET', `/messages/${assistant.id}/stream`)[0]!.headers['last-event-id']).toBeUndefined();

    await act(async () => reply.push(sseText(events.slice(0, 5), { done: false })));
    expect(await screen.findByText('Typed on my laptop')).toBeOnTheScreen();
    expect(screen.getByTestId(`assistant-text-${assistant.id}`)).toHaveTextContent('Ein Plan');
    // This device did not start it, yet it can stop it like its own.
    expect(screen.getByTestId('composer-stop')).toBeOnTheScreen();

    state.branch = [first, firstReply, user, done];
    await act(async () => {
      reply.push(sseText(events.slice(5)));
      reply.close();
    });
    await say({ type: 'message.completed', conversationId: conversation.id, messageId: assistant.id, status: 'complete' });
    await waitFor(() => expect(screen.getByTestId(`message-cost-${assistant.id}`)).toHaveTextContent('$0.00042 · 12 in · 30 out'));
    expect(screen.getByTestId(`assistant-text-${assistant.id}`)).toHaveTextContent('Ein Plan für alle.');
    await waitFor(() => expect(api.find('GET', `/messages/${assistant.id}`)).toHaveLength(1));
    expect(api.find('GET', `/messages/${assistant.id}/stream`)).toHaveLength(1);
  });

  it('does not attach a second time to a reply this device started, even when the event comes first', async () => {
    const conversation = makeConversation({ title: 'Mine' });
    const { api, say } = setup([conversation]);
    const state: { branch: Message[] } = { branch: [] };
    api.on('GET', `/conversations/${conversation.id}`, json(200, conversation));
    api.on('GET', `/conversations/${conversation.id}/messages`, () => json(200, { items: state.branch, nextCursor: null, prevCursor: null }));
    const user = makeMessage({ conversationId: conversation.id, role: 'user', content: 'Plan my weekend' });
    const assistant = makeMessage({ conversationId: conversation.id, role: 'assistant', parentId: user.id, content: '', status: 'pending', modelId: 'builtin/echo' });
    const post = controlledStream();
    api.once('POST', `/conversations/${conversation.id}/messages`, stream(post.body));

    renderApp(api, { initialUrl: `/chat/${conversation.id}` });
    await waitFor(() => expect(api.find('GET', '/events')).toHaveLength(1));
    fireEvent.changeText(await screen.findByTestId('composer-input'), 'Plan my weekend');
    fireEvent.press(screen.getByTestId('composer-send'));
    await waitFor(() => expect(api.find('POST', `/conversations/${conversation.id}/messages`)).toHaveLength(1));

    await say(
      { type: 'conversation.updated', conversation: { ...conversation, activeLeafId: assistant.id } },
      { type: 'message.created', conversationId: conversation.id, messageId: user.id, role: 'user', parentId: null, status: 'complete' },
      { type: 'message.created', conversationId: conversation.id, messageId: assistant.id, role: 'assistant', parentId: user.id, status: 'pending' },
    );
    state.branch = [user, { ...assistant, content: 'Sure.', status: 'complete' }];
    await act(async () => {
      post.push(sseText(replyEvents(user, assistant, ['Sure.'])));
      post.close();
    });
    await waitFor(() => expect(screen.getByTestId(`message-cost-${assistant.id}`)).toBeOnTheScreen());
    expect(api.find('GET', `/messages/${assistant.id}/stream`)).toHaveLength(0);
  });

  it('reconnects after the connection drops and reloads what it may have missed', async () => {
    const { api, events } = setup([makeConversation({ title: 'Only chat' })]);
    renderApp(api);
    await screen.findByText('Only chat');
    await waitFor(() => expect(api.find('GET', '/events')).toHaveLength(1));
    await act(async () => events.push(': connected\n\n'));
    await act(async () => events.cut());
    await waitFor(() => expect(api.find('GET', '/events')).toHaveLength(2));
    await waitFor(() => expect(api.find('GET', '/conversations')).toHaveLength(2));
  });

  it('closes the connection in the background and opens a new one on return', async () => {
    const handlers: ((state: string) => void)[] = [];
    jest.spyOn(AppState, 'addEventListener').mockImplementation((_, handler) => {
      handlers.push(handler as (state: string) => void);
      return { remove: () => undefined } as ReturnType<typeof AppState.addEventListener>;
    });
    signInAs();
    const api = withDefaults(createFakeApi());
    api.on('GET', '/conversations', json(200, { items: [], total: 0, limit: 30, offset: 0 }));
    const cancelled = jest.fn();
    api.once('GET', '/events', stream(new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => undefined), cancel: cancelled })));
    renderApp(api);
    await waitFor(() => expect(api.find('GET', '/events')).toHaveLength(1));

    Object.assign(AppState, { currentState: 'background' });
    act(() => handlers.forEach((handler) => handler('background')));
    await waitFor(() => expect(cancelled).toHaveBeenCalled());
    expect(api.find('GET', '/events')).toHaveLength(1);

    Object.assign(AppState, { currentState: 'active' });
    act(() => handlers.forEach((handler) => handler('active')));
    await waitFor(() => expect(api.find('GET', '/events')).toHaveLength(2));
    jest.restoreAllMocks();
  });
});
