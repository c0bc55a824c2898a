import type { Message, MessagePage } from '@mana/contracts';
import { act, fireEvent, screen, waitFor } from 'expo-router/testing-library';
import { AppState } from 'react-native';
import {
  byteStream,
  controlledStream,
  createFakeApi,
  encode,
  json,
  makeConversation,
  makeMessage,
  replyEvents,
  sseText,
  stream,
  type FakeApi,
} from './fake-api';
import { renderApp, signInAs, withDefaults } from './render-app';

const deltas = ['Grüße ', 'aus ', 'Köln ', 'und ', 'mehr ', 'Text.'];
const fullText = deltas.join('');

/** A conversation whose active branch the test controls; GET /messages answers from it. */
function setup(initial: Message[] = [], pageFor?: (before: string | null) => MessagePage) {
  signInAs();
  const api = withDefaults(createFakeApi());
  const conversation = makeConversation({ title: 'Weekend plans' });
  const state = { branch: initial };
  api.on('GET', `/conversations/${conversation.id}`, () => json(200, conversation));
  api.on('GET', `/conversations/${conversation.id}/messages`, (request) =>
    json(200, pageFor ? pageFor(request.query.get('before')) : { items: state.branch, nextCursor: null, prevCursor: null }),
  );
  api.on('GET', '/conversations', json(200, { items: [conversation], total: 1, limit: 30, offset: 0 }));
  return { api, conversation, state };
}

const turn = (conversationId: string) => {
  const user = makeMessage({ conversationId, role: 'user', content: 'Plan my weekend' });
  const assistant = makeMessage({ conversationId, role: 'assistant', content: '', status: 'pending', parentId: user.id, modelId: 'builtin/echo' });
  return { user, assistant };
};

const completed = (assistant: Message, patch: Partial<Message> = {}): Message => ({
  ...assistant,
  content: fullText,
  status: 'complete',
  costUsd: 0.00042,
  promptTokens: 12,
  completionTokens: 30,
  ...patch,
});

async function send(text: string) {
  fireEvent.changeText(await screen.findByTestId('composer-input'), text);
  fireEvent.press(screen.getByTestId('composer-send'));
}

describe('the chat screen', () => {
  it('streams a reply, survives a dropped connection and shows every word once with its cost', async () => {
    const { api, conversation, state } = setup();
    const { user, assistant } = turn(conversation.id);
    const events = replyEvents(user, assistant, deltas);
    const live = controlledStream();
    api.once('POST', `/conversations/${conversation.id}/messages`, stream(live.body));
    // The server replays from seq 3 although the client asks for what follows seq 4.
    api.once('GET', `/messages/${assistant.id}/stream`, () => {
      state.branch = [user, completed(assistant)];
      return stream(byteStream([encode(sseText(events.slice(3)))]));
    });

    renderApp(api, { initialUrl: `/chat/${conversation.id}` });
    expect(await screen.findByTestId('chat-empty')).toBeOnTheScreen();
    await send('Plan my weekend');
    expect(api.find('POST', `/conversations/${conversation.id}/messages`)[0]!.body).toEqual({ content: 'Plan my weekend' });

    await act(async () => live.push(sseText(events.slice(0, 5), { done: false })));
    expect(await screen.findByTestId(`assistant-text-${assistant.id}`)).toHaveTextContent('Grüße aus');
    expect(screen.getByTestId('composer-stop')).toBeOnTheScreen();

    await act(async () => live.cut());
    await waitFor(() => expect(screen.getByTestId(`message-cost-${assistant.id}`)).toHaveTextContent('$0.00042 · 12 in · 30 out'));
    expect(screen.getByTestId(`assistant-text-${assistant.id}`)).toHaveTextContent(fullText);
    expect(api.find('GET', `/messages/${assistant.id}/stream`)[0]!.headers['last-event-id']).toBe('4');
    expect(screen.getByText('Plan my weekend')).toBeOnTheScreen();
    expect(screen.getAllByText('Offline echo').length).toBeGreaterThan(0);
    expect(screen.getByTestId('composer-send')).toBeOnTheScreen();
  });

  it('re-attaches an interrupted reply when the app returns from the background', async () => {
    const handlers: ((state: string) => void)[] = [];
    jest.spyOn(AppState, 'addEventListener').mockImplementation((_, handler) => {
      handlers.push(handler as (state: string) => void);
      return { remove: () => undefined } as ReturnType<typeof AppState.addEventListener>;
    });
    const { api, conversation, state } = setup();
    const { user, assistant } = turn(conversation.id);
    const events = replyEvents(user, assistant, deltas);
    const live = controlledStream();
    api.once('POST', `/conversations/${conversation.id}/messages`, stream(live.body));
    api.once('GET', `/messages/${assistant.id}/stream`, () => {
      state.branch = [user, completed(assistant)];
      return stream(byteStream([encode(sseText(events.slice(5)))]));
    });

    renderApp(api, { initialUrl: `/chat/${conversation.id}` });
    await send('Plan my weekend');
    await act(async () => live.push(sseText(events.slice(0, 5), { done: false })));
    await screen.findByTestId(`assistant-text-${assistant.id}`);

    // The OS suspends the app; the connection dies while it is away.
    Object.assign(AppState, { currentState: 'background' });
    act(() => handlers.forEach((handler) => handler('background')));
    await act(async () => live.cut());
    expect(await screen.findByTestId(`reconnecting-${assistant.id}`)).toBeOnTheScreen();
    expect(api.find('GET', `/messages/${assistant.id}/stream`)).toHaveLength(0);

    Object.assign(AppState, { currentState: 'active' });
    act(() => handlers.forEach((handler) => handler('active')));
    await waitFor(() => expect(screen.getByTestId(`message-cost-${assistant.id}`)).toBeOnTheScreen());
    expect(screen.getByTestId(`assistant-text-${assistant.id}`)).toHaveTextContent(fullText);
    expect(api.find('GET', `/messages/${assistant.id}/stream`)[0]!.headers['last-event-id']).toBe('4');
    jest.restoreAllMocks();
    Object.assign(AppState, { currentState: 'active' });
  });

  it('follows a reply that was still streaming when the screen opened (reload, another device)', async () => {
    const conversationId = 'c0000000-0000-4000-8000-000000000001';
    const { user, assistant } = turn(conversationId);
    const checkpoint = { ...assistant, status: 'streaming' as const, content: 'Grüße aus ' };
    const { api, conversation, state } = setup([user, checkpoint]);
    void conversation;
    api.once('GET', `/messages/${assistant.id}/stream`, () => {
      state.branch = [user, completed(assistant)];
      return stream(byteStream([encode(sseText(replyEvents(user, assistant, deltas)))]));
    });
    renderApp(api, { initialUrl: `/chat/${conversation.id}` });
    await waitFor(() => expect(screen.getByTestId(`message-cost-${assistant.id}`)).toBeOnTheScreen());
    expect(screen.getByTestId(`assistant-text-${assistant.id}`)).toHaveTextContent(fullText);
    expect(api.find('GET', `/messages/${assistant.id}/stream`)[0]!.headers['last-event-id']).toBeUndefined();
  });

  it('stops a running reply and keeps its text', async () => {
    const { api, conversation, state } = setup();
    const { user, assistant } = turn(conversation.id);
    const events = replyEvents(user, assistant, deltas);
    const live = controlledStream();
    api.once('POST', `/conversations/${conversation.id}/messages`, stream(live.body));
    api.once('POST', `/messages/${assistant.id}/stop`, () => {
      state.branch = [user, { ...assistant, status: 'cancelled', content: 'Grüße aus ' }];
      live.push(sseText([{ seq: 5, chunk: { type: 'abort' } }, { seq: 6, chunk: { type: 'finish' } }]));
      live.close();
      return json(200, { ...assistant, status: 'cancelled' });
    });
    renderApp(api, { initialUrl: `/chat/${conversation.id}` });
    await send('Plan my weekend');
    await act(async () => live.push(sseText(events.slice(0, 5), { done: false })));
    fireEvent.press(await screen.findByTestId('composer-stop'));
    expect(await screen.findByText('Stopped')).toBeOnTheScreen();
    expect(screen.getByTestId(`assistant-text-${assistant.id}`)).toHaveTextContent('Grüße aus');
  });

  it('regenerates a reply and switches between the versions', async () => {
    const conversationId = 'c0000000-0000-4000-8000-000000000002';
    const user = makeMessage({ conversationId, role: 'user', content: 'Name a colour' });
    const first = makeMessage({ conversationId, role: 'assistant', parentId: user.id, modelId: 'builtin/echo', content: 'Blue.', costUsd: 0.001 });
    const second = makeMessage({ conversationId, role: 'assistant', parentId: user.id, modelId: 'openai/gpt-4o-mini', content: '', status: 'pending' });
    const siblings = [first.id, second.id];
    const { api, conversation, state } = setup([user, first]);
    api.once('POST', `/messages/${first.id}/regenerate`, () => {
      state.branch = [user, { ...second, content: 'Green.', status: 'complete', siblingIds: siblings }];
      return stream(byteStream([encode(sseText(replyEvents(null, { ...second, siblingIds: siblings }, ['Green.'])))]));
    });
    api.on('PUT', `/conversations/${conversation.id}/branch`, (request) => {
      const leafId = (request.body as { leafId: string }).leafId;
      state.branch = leafId === first.id ? [user, { ...first, siblingIds: siblings }] : state.branch;
      return json(200, { ...conversation, activeLeafId: leafId });
    });

    renderApp(api, { initialUrl: `/chat/${conversation.id}` });
    fireEvent.press(await screen.findByTestId(`regenerate-${first.id}`));
    expect(await screen.findByTestId(`branch-label-${second.id}`)).toHaveTextContent('2 / 2');
    expect(screen.getByTestId(`assistant-text-${second.id}`)).toHaveTextContent('Green.');
    expect(screen.getByText('GPT-4o mini')).toBeOnTheScreen();
    expect(screen.queryByTestId(`assistant-message-${first.id}`)).toBeNull();

    fireEvent.press(screen.getByTestId(`branch-previous-${second.id}`));
    expect(await screen.findByTestId(`branch-label-${first.id}`)).toHaveTextContent('1 / 2');
    expect(screen.getByTestId(`assistant-text-${first.id}`)).toHaveTextContent('Blue.');
    expect(api.find('PUT', `/conversations/${conversation.id}/branch`)[0]!.body).toEqual({ leafId: first.id });
  });

  it('edits a message: the edited text is sent as a new version', async () => {
    const conversationId = 'c0000000-0000-4000-8000-000000000003';
    const user = makeMessage({ conversationId, role: 'user', content: 'Helo' });
    const reply = makeMessage({ conversationId, role: 'assistant', parentId: user.id, content: 'Hi!', modelId: 'builtin/echo' });
    const edited = makeMessage({ conversationId, role: 'user', content: 'Hello', siblingIds: [user.id] });
    const newReply = makeMessage({ conversationId, role: 'assistant', parentId: edited.id, content: '', status: 'pending', modelId: 'builtin/echo' });
    const { api, conversation, state } = setup([user, reply]);
    api.once('POST', `/messages/${user.id}/edit`, () => {
      state.branch = [{ ...edited, siblingIds: [user.id, edited.id] }, { ...newReply, content: 'Hello again.', status: 'complete' }];
      return stream(byteStream([encode(sseText(replyEvents({ ...edited, siblingIds: [user.id, edited.id] }, newReply, ['Hello', ' again.'])))]));
    });

    renderApp(api, { initialUrl: `/chat/${conversation.id}` });
    fireEvent.press(await screen.findByTestId(`edit-${user.id}`));
    expect(screen.getByTestId('composer-editing')).toBeOnTheScreen();
    expect(screen.getByTestId('composer-input').props.value).toBe('Helo');
    fireEvent.changeText(screen.getByTestId('composer-input'), 'Hello');
    fireEvent.press(screen.getByTestId('composer-send'));

    await waitFor(() => expect(api.find('POST', `/messages/${user.id}/edit`)[0]?.body).toEqual({ content: 'Hello' }));
    expect(await screen.findByTestId(`assistant-text-${newReply.id}`)).toHaveTextContent('Hello again.');
    expect(screen.queryByText('Helo')).toBeNull();
    expect(screen.getByTestId(`branch-label-${edited.id}`)).toHaveTextContent('2 / 2');
  });

  it('loads older messages when scrolled up', async () => {
    const conversationId = 'c0000000-0000-4000-8000-000000000004';
    const older = [makeMessage({ conversationId, role: 'user', content: 'Very first question' })];
    const newer = [makeMessage({ conversationId, role: 'assistant', content: 'The latest answer', parentId: older[0]!.id, modelId: 'builtin/echo' })];
    const { api, conversation } = setup([], (before) =>
      before === 'cursor-1' ? { items: older, nextCursor: null, prevCursor: 'x' } : { items: newer, nextCursor: 'cursor-1', prevCursor: null },
    );
    renderApp(api, { initialUrl: `/chat/${conversation.id}` });
    await screen.findByText('The latest answer');
    expect(screen.queryByText('Very first question')).toBeNull();
    act(() => {
      fireEvent(screen.getByTestId('message-list'), 'onEndReached');
    });
    expect(await screen.findByText('Very first question')).toBeOnTheScreen();
    expect(api.find('GET', `/conversations/${conversation.id}/messages`).map((r) => r.query.get('before'))).toEqual([null, 'cursor-1']);
  });

  it('starts a new chat with the chosen model and moves to its address', async () => {
    signInAs();
    const api = withDefaults(createFakeApi());
    const conversation = makeConversation({ title: 'New chat', modelId: 'openai/gpt-4o-mini' });
    const { user, assistant } = turn(conversation.id);
    api.on('POST', '/conversations', json(201, conversation));
    api.on('GET', `/conversations/${conversation.id}`, json(200, conversation));
    api.on('GET', `/conversations/${conversation.id}/messages`, json(200, { items: [user, completed(assistant)], nextCursor: null, prevCursor: null }));
    api.on('GET', '/conversations', json(200, { items: [conversation], total: 1, limit: 30, offset: 0 }));
    api.once('POST', `/conversations/${conversation.id}/messages`, stream(byteStream([encode(sseText(replyEvents(user, assistant, deltas)))])));

    const app = renderApp(api, { initialUrl: '/chat/new', preferences: { defaultModelId: 'openai/gpt-4o-mini' } });
    expect(await screen.findByText('GPT-4o mini')).toBeOnTheScreen();
    await send('Plan my weekend');
    await waitFor(() => expect(app.getPathname()).toBe(`/chat/${conversation.id}`));
    expect(api.find('POST', '/conversations')[0]!.body).toEqual({ modelId: 'openai/gpt-4o-mini' });
    expect(await screen.findByTestId(`assistant-text-${assistant.id}`)).toHaveTextContent(fullText);
  });

  it('renders model output as markdown without interpreting HTML', async () => {
    const conversationId = 'c0000000-0000-4000-8000-000000000005';
    const reply = makeMessage({
      conversationId,
      role: 'assistant',
      modelId: 'builtin/echo',
      content: '## Plan\n\n- **Saturday**: museum\n- Sunday: <img src=x onerror=alert(1)> beach\n\n```js\nconsole.log(1)\n```',
    });
    const { api, conversation } = setup([reply]);
    renderApp(api, { initialUrl: `/chat/${conversation.id}` });
    expect(await screen.findByText('Plan')).toBeOnTheScreen();
    expect(screen.getByText('Saturday')).toBeOnTheScreen();
    expect(screen.getByText('console.log(1)')).toBeOnTheScreen();
    expect(screen.getByTestId(`assistant-text-${reply.id}`)).toHaveTextContent(/<img src=x onerror=alert\(1\)>/);
  });
});

export type { FakeApi };
