import type { ChangeEvent, Message } from '@mana/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import { conversation, FakeApi, json, message, replyEvents, sse, until } from '../../test/fake-api';
import { ConversationStore } from './conversation.svelte';
import { ReplyRegistry } from './replies.svelte';

function setup(api: FakeApi) {
  const client = api.client();
  const replies = new ReplyRegistry(() => client, { reconnectDelaysMs: [5, 5, 5] });
  const store = new ConversationStore('c1', client, replies);
  return { store, replies, client };
}

const page = (items: Message[]) => json({ items, nextCursor: null, prevCursor: null });
const created = (m: Message): ChangeEvent => ({ type: 'message.created', conversationId: 'c1', messageId: m.id, role: m.role, parentId: m.parentId, status: m.status });
const updated = (leaf: string, extra = {}): ChangeEvent => ({ type: 'conversation.updated', conversation: conversation({ activeLeafId: leaf, ...extra }) });

beforeEach(() => localStorage.clear());

describe('conversation store: changes from another device', () => {
  it('shows a message sent elsewhere and streams its reply in live, keeping what was on screen', async () => {
    const u1 = message({ role: 'user', content: 'First' });
    const a1 = message({ role: 'assistant', content: 'First answer', parentId: u1.id });
    const u2 = message({ role: 'user', content: 'Second, from the phone', parentId: a1.id });
    const a2 = message({ role: 'assistant', status: 'pending', parentId: u2.id });
    let server = [u1, a1];
    let leaf = a1.id;
    const api = new FakeApi()
      .on('GET', /^\/conversations\/c1$/, () => json(conversation({ activeLeafId: leaf })))
      .on('GET', /^\/conversations\/c1\/messages$/, () => page(server))
      .on('GET', new RegExp(`^/messages/${a2.id}/stream$`), () => sse(replyEvents(a2, u2, ['Live ', 'from ', 'elsewhere.']), { gapMs: 2 }));
    const { store } = setup(api);
    await store.load();
    const keys = store.messages.map((m) => m.key);

    // The other device sends: the server stores both messages, then tells every device.
    server = [u1, a1, u2, a2];
    leaf = a2.id;
    store.applyRemote(updated(a2.id));
    store.applyRemote(created(u2));
    store.applyRemote(created(a2));

    await until(() => store.messages.length === 4 && store.messages[3].status === 'complete');
    expect(store.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(store.messages[2].content).toBe('Second, from the phone');
    expect(store.messages[3].content).toBe('Live from elsewhere.');
    expect(store.messages.slice(0, 2).map((m) => m.key)).toEqual(keys);
    // Three events, one reload: the message events found their messages already there.
    expect(api.callsTo('GET', /^\/conversations\/c1\/messages$/)).toHaveLength(2);
    expect(api.callsTo('GET', /\/stream$/)).toHaveLength(1);
  });

  it('ignores the echo of its own send: nothing is loaded again or shown twice', async () => {
    const user = message({ role: 'user', content: 'Hi' });
    const assistant = message({ role: 'assistant', status: 'pending', parentId: user.id });
    const api = new FakeApi()
      .on('GET', /^\/conversations\/c1$/, () => json(conversation({ activeLeafId: assistant.id })))
      .on('POST', /^\/conversations\/c1\/messages$/, () => sse(replyEvents(assistant, user, ['Hello', ' you']), { gapMs: 5 }));
    const { store } = setup(api);
    store.adopt(conversation());

    const sending = store.send('Hi');
    // The events of this very send can arrive before the stream has named the messages.
    store.applyRemote(updated(assistant.id, { title: 'Greeting' }));
    store.applyRemote(created(user));
    store.applyRemote(created(assistant));
    await sending;
    store.applyRemote({ type: 'message.completed', conversationId: 'c1', messageId: assistant.id, status: 'complete' });
    await new Promise((r) => setTimeout(r, 20));

    expect(store.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'Hi'],
      ['assistant', 'Hello you'],
    ]);
    expect(api.callsTo('GET', /^\/conversations\/c1\/messages$/)).toHaveLength(0);
    expect(api.callsTo('GET', /\/stream$/)).toHaveLength(0);
    expect(api.callsTo('GET', /^\/messages\//)).toHaveLength(0);

    // Nothing stays held back: a message from elsewhere afterwards is shown.
    const other = message({ role: 'user', content: 'From the laptop', parentId: assistant.id });
    api.on('GET', /^\/conversations\/c1\/messages$/, () => page([user, { ...assistant, status: 'complete', content: 'Hello you' }, other]));
    store.applyRemote(created(other));
    await until(() => store.messages.length === 3);
    expect(store.messages[2].content).toBe('From the laptop');
  });

  it('a reply another device regenerated replaces the one shown, and older pages stay loaded', async () => {
    const older = message({ role: 'user', content: 'older page' });
    const u1 = message({ role: 'user', content: 'Q', parentId: older.id });
    const a1 = message({ role: 'assistant', content: 'A', parentId: u1.id });
    const a1b = message({ role: 'assistant', content: 'A, regenerated', parentId: u1.id });
    let server: Message[] = [u1, a1];
    const api = new FakeApi()
      .on('GET', /^\/conversations\/c1$/, () => json(conversation()))
      .on('GET', /^\/conversations\/c1\/messages$/, (call) => (call.query.get('before') ? json({ items: [older], nextCursor: null, prevCursor: null }) : json({ items: server, nextCursor: 'cursor', prevCursor: null })));
    const { store } = setup(api);
    await store.load();
    await store.loadOlder();
    expect(store.messages.map((m) => m.content)).toEqual(['older page', 'Q', 'A']);

    server = [u1, { ...a1b, siblingIds: [a1.id, a1b.id] }];
    store.applyRemote(updated(a1b.id));
    await until(() => store.messages.at(-1)?.id === a1b.id);
    expect(store.messages.map((m) => m.content)).toEqual(['older page', 'Q', 'A, regenerated']);
    expect(store.messages.at(-1)?.siblingIds).toEqual([a1.id, a1b.id]);
  });

  it('a conversation deleted elsewhere shows as gone', async () => {
    const api = new FakeApi()
      .on('GET', /^\/conversations\/c1$/, () => json(conversation()))
      .on('GET', /^\/conversations\/c1\/messages$/, () => page([]));
    const { store } = setup(api);
    await store.load();
    store.applyRemote({ type: 'conversation.deleted', conversationId: 'c1' });
    await until(() => store.status === 'not-found');
  });
});

describe('conversation store: compare', () => {
  it('sends one prompt to several models, streams every reply, and "Use this one" makes that branch the conversation', async () => {
    const user = message({ role: 'user', content: 'Which is best?' });
    const a = message({ role: 'assistant', status: 'pending', parentId: user.id, modelId: 'openai/gpt-4o-mini' });
    const b = message({ role: 'assistant', status: 'pending', parentId: user.id, modelId: 'anthropic/claude-sonnet-4' });
    let leaf = a.id;
    const api = new FakeApi()
      .on('GET', /^\/conversations\/c1$/, () => json(conversation({ activeLeafId: leaf })))
      .on('POST', /^\/conversations\/c1\/messages$/, () => json({ userMessage: user, assistantMessages: [a, b] }, 201))
      .on('GET', new RegExp(`^/messages/${a.id}/stream$`), () => sse(replyEvents(a, user, ['Mine ', 'is A']), { gapMs: 2 }))
      .on('GET', new RegExp(`^/messages/${b.id}/stream$`), () => sse(replyEvents(b, user, ['B ', 'wins']), { gapMs: 3 }))
      .on('PUT', /^\/conversations\/c1\/branch$/, (call) => {
        leaf = (call.body as { leafId: string }).leafId;
        return json(conversation({ activeLeafId: leaf }));
      })
      .on('GET', /^\/conversations\/c1\/messages$/, () => page([user, { ...b, status: 'complete', content: 'B wins', siblingIds: [a.id, b.id] }]));
    const { store, replies } = setup(api);
    store.adopt(conversation());

    await store.compareSend('Which is best?', ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4']);
    expect(api.callsTo('POST', /messages$/)[0].body).toEqual({ content: 'Which is best?', modelIds: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4'] });
    expect(store.compare?.replies.map((m) => m.id)).toEqual([a.id, b.id]);
    // Each reply streams on its own; the view reads them from the registry while they run.
    await until(() => store.compare!.replies.every((m) => m.status === 'complete'));
    expect(store.compare!.replies.map((m) => m.content)).toEqual(['Mine is A', 'B wins']);
    expect(store.compare!.replies[1]).toMatchObject({ promptTokens: 12, completionTokens: 34, costUsd: 0.00042, durationMs: 900 });
    expect(replies.get(a.id)).toBeUndefined();

    // The echo of the compare send is recognised as its own.
    store.applyRemote(created(b));
    await store.chooseCompared(b.id);
    expect(api.callsTo('PUT', /branch$/)[0].body).toEqual({ leafId: b.id });
    expect(store.compare).toBeNull();
    expect(store.messages.map((m) => m.content)).toEqual(['Which is best?', 'B wins']);
    expect(store.conversation?.activeLeafId).toBe(b.id);
  });

  it('shows why a compare was refused and keeps the normal view one click away', async () => {
    const api = new FakeApi().on('POST', /^\/conversations\/c1\/messages$/, () => json({ error: { code: 'MODEL_UNAVAILABLE', message: 'nope' } }, 400));
    const { store } = setup(api);
    store.adopt(conversation());
    await store.compareSend('Hi', ['x/one', 'x/two']);
    expect(store.compare).toMatchObject({ status: 'error', error: { code: 'MODEL_UNAVAILABLE' } });
  });
});
