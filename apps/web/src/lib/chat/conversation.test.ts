import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, conversation, FakeApi, json, message, replyEvents, sse, until } from '../../test/fake-api';
import { ConversationStore } from './conversation.svelte';
import { ReplyRegistry } from './replies.svelte';
import { loadResumePoint, saveResumePoint } from './resume';

function setup(api: FakeApi, events = {}) {
  const client = api.client();
  const replies = new ReplyRegistry(() => client, { reconnectDelaysMs: [5, 5, 5] });
  const store = new ConversationStore('c1', client, replies, events);
  return { store, replies, client };
}

const deltas = ['Hello', ' there', ', friend.'];

beforeEach(() => localStorage.clear());

describe('conversation store: sending', () => {
  it('shows the message at once, adopts the saved messages without changing keys, and ends complete with usage', async () => {
    const user = message({ role: 'user', content: 'Hi' });
    const assistant = message({ role: 'assistant', status: 'pending', parentId: user.id });
    const api = new FakeApi()
      .on('GET', /^\/conversations\/c1$/, () => json(conversation()))
      .on('POST', /^\/conversations\/c1\/messages$/, () => sse(replyEvents(assistant, user, deltas), { gapMs: 2 }));
    const { store, replies } = setup(api);
    store.adopt(conversation());

    const sending = store.send('Hi');
    expect(store.messages.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'Hi', 'complete'],
      ['assistant', '', 'pending'],
    ]);
    const keys = store.messages.map((m) => m.key);
    expect(store.busy).toBe(true);

    await sending;
    expect(store.messages.map((m) => m.key)).toEqual(keys);
    expect(store.messages.map((m) => m.id)).toEqual([user.id, assistant.id]);
    const reply = store.messages[1];
    expect(reply).toMatchObject({ content: 'Hello there, friend.', status: 'complete', promptTokens: 12, completionTokens: 34, costUsd: 0.00042 });
    expect(replies.get(reply.key)).toBeUndefined();
    expect(store.busy).toBe(false);
    expect(api.callsTo('POST', /messages$/)[0].body).toEqual({ content: 'Hi', modelId: 'builtin/echo' });
  });

  it('takes the drafts back and returns the text when the server refuses the message', async () => {
    const api = new FakeApi().on('POST', /^\/conversations\/c1\/messages$/, () => apiError(400, 'MODEL_UNAVAILABLE'));
    const sendFailed = vi.fn();
    const { store } = setup(api, { sendFailed });
    store.adopt(conversation());
    await store.send('Keep me');
    expect(store.messages).toEqual([]);
    expect(sendFailed).toHaveBeenCalledWith('Keep me', expect.objectContaining({ code: 'MODEL_UNAVAILABLE' }));
  });

  it('shows a failed reply with its error code', async () => {
    const user = message({ role: 'user', content: 'Hi' });
    const assistant = message({ role: 'assistant', status: 'pending', parentId: user.id });
    const events = replyEvents(assistant, user, ['Part'], [
      { type: 'data-error', data: { code: 'UPSTREAM_TIMEOUT', message: 'took too long' } },
      { type: 'error', errorText: 'took too long' },
    ]);
    const api = new FakeApi()
      .on('GET', /^\/conversations\/c1$/, () => json(conversation()))
      .on('POST', /^\/conversations\/c1\/messages$/, () => sse(events));
    const { store } = setup(api);
    store.adopt(conversation());
    await store.send('Hi');
    expect(store.messages[1]).toMatchObject({ status: 'failed', content: 'Part', error: { code: 'UPSTREAM_TIMEOUT' } });
  });
});

describe('conversation store: a reply is never lost', () => {
  it('re-attaches with Last-Event-ID when the connection drops mid-reply, without doubling text', async () => {
    const user = message({ role: 'user', content: 'Hi' });
    const assistant = message({ role: 'assistant', status: 'pending', parentId: user.id });
    const all = replyEvents(assistant, user, ['one ', 'two ', 'three ', 'four']);
    const cut = 5; // start, data-message, text-start, 'one ', 'two '
    const api = new FakeApi()
      .on('GET', /^\/conversations\/c1$/, () => json(conversation()))
      .on('POST', /^\/conversations\/c1\/messages$/, () => sse(all.slice(0, cut), { done: false }))
      .on('GET', /^\/messages\/.+\/stream$/, (call) => {
        const after = Number(call.headers['last-event-id'] ?? -1);
        // A replay may overlap what the client already has; the client must ignore it.
        return sse(all.filter((e) => e.seq >= after - 1));
      });
    const { store } = setup(api);
    store.adopt(conversation());
    await store.send('Hi');

    const attach = api.callsTo('GET', /\/stream$/);
    expect(attach).toHaveLength(1);
    expect(attach[0].path).toBe(`/messages/${assistant.id}/stream`);
    expect(attach[0].headers['last-event-id']).toBe(String(cut - 1));
    expect(store.messages[1]).toMatchObject({ content: 'one two three four', status: 'complete' });
  });

  it('after a reload, continues a streaming reply from the saved checkpoint', async () => {
    const user = message({ role: 'user', content: 'Hi' });
    const assistant = message({ role: 'assistant', status: 'streaming', parentId: user.id, content: 'one' });
    const all = replyEvents(assistant, user, ['one ', 'two ', 'three']);
    // What the tab had folded in before the reload: up to seq 4 ('one ').
    saveResumePoint(assistant.id, 'c1', { messageId: assistant.id, text: 'one ', reasoning: '', status: 'streaming', error: null, usage: null, lastSeq: 3 });
    const api = new FakeApi()
      .on('GET', /^\/conversations\/c1$/, () => json(conversation()))
      .on('GET', /^\/conversations\/c1\/messages$/, () => json({ items: [user, assistant], nextCursor: null, prevCursor: null }))
      .on('GET', /^\/messages\/.+\/stream$/, (call) => sse(all.filter((e) => e.seq > Number(call.headers['last-event-id']))));
    const { store } = setup(api);
    await store.load();
    await until(() => store.messages[1]?.status === 'complete');
    expect(api.callsTo('GET', /\/stream$/)[0].headers['last-event-id']).toBe('3');
    expect(store.messages[1].content).toBe('one two three');
    expect(loadResumePoint(assistant.id)).toBeNull();
  });

  it('after a reload without a checkpoint, replays the whole reply', async () => {
    const user = message({ role: 'user', content: 'Hi' });
    const assistant = message({ role: 'assistant', status: 'pending', parentId: user.id });
    const all = replyEvents(assistant, user, ['a', 'b', 'c']);
    const api = new FakeApi()
      .on('GET', /^\/conversations\/c1$/, () => json(conversation()))
      .on('GET', /^\/conversations\/c1\/messages$/, () => json({ items: [user, assistant], nextCursor: null, prevCursor: null }))
      .on('GET', /^\/messages\/.+\/stream$/, () => sse(all));
    const { store } = setup(api);
    await store.load();
    await until(() => store.messages[1]?.status === 'complete');
    expect(api.callsTo('GET', /\/stream$/)[0].headers['last-event-id']).toBeUndefined();
    expect(store.messages[1].content).toBe('abc');
  });
});

describe('conversation store: branches and history', () => {
  it('regenerate puts a new sibling in place of the reply and shows it as the last version', async () => {
    const user = message({ role: 'user', content: 'Hi' });
    const first = message({ role: 'assistant', content: 'first', parentId: user.id });
    const second = message({ role: 'assistant', status: 'pending', parentId: user.id, siblingIds: [first.id, 'x'] });
    second.siblingIds = [first.id, second.id];
    const api = new FakeApi()
      .on('GET', /^\/conversations\/c1$/, () => json(conversation()))
      .on('GET', /^\/conversations\/c1\/messages$/, () => json({ items: [user, first], nextCursor: null, prevCursor: null }))
      .on('POST', /^\/messages\/.+\/regenerate$/, () => sse(replyEvents(second, null, ['second'])));
    const { store } = setup(api);
    await store.load();
    const pending = store.regenerate(store.messages[1]);
    expect(store.messages[1].siblingIds).toHaveLength(2);
    expect(store.messages[1].status).toBe('pending');
    await pending;
    expect(store.messages.map((m) => m.content)).toEqual(['Hi', 'second']);
    expect(store.messages[1].siblingIds).toEqual([first.id, second.id]);
    expect(api.callsTo('POST', /regenerate$/)[0].path).toBe(`/messages/${first.id}/regenerate`);
  });

  it('edit replaces the user message and everything after it with the new branch', async () => {
    const user = message({ role: 'user', content: 'Old' });
    const reply = message({ role: 'assistant', content: 'old reply', parentId: user.id });
    const edited = message({ role: 'user', content: 'New', siblingIds: [] });
    edited.siblingIds = [user.id, edited.id];
    const newReply = message({ role: 'assistant', status: 'pending', parentId: edited.id });
    const api = new FakeApi()
      .on('GET', /^\/conversations\/c1$/, () => json(conversation()))
      .on('GET', /^\/conversations\/c1\/messages$/, () => json({ items: [user, reply], nextCursor: null, prevCursor: null }))
      .on('POST', /^\/messages\/.+\/edit$/, () => sse(replyEvents(newReply, edited, ['new reply'])));
    const { store } = setup(api);
    await store.load();
    await store.edit(store.messages[0], 'New');
    expect(store.messages.map((m) => m.content)).toEqual(['New', 'new reply']);
    expect(store.messages[0].siblingIds).toEqual([user.id, edited.id]);
    expect(api.callsTo('POST', /edit$/)[0].body).toEqual({ content: 'New', modelId: 'builtin/echo' });
  });

  it('switching branch asks the server for the sibling and reloads the branch', async () => {
    const user = message({ role: 'user', content: 'Hi' });
    const a = message({ role: 'assistant', content: 'A', parentId: user.id });
    const b = message({ role: 'assistant', content: 'B', parentId: user.id });
    a.siblingIds = b.siblingIds = [a.id, b.id];
    let leaf = b;
    const api = new FakeApi()
      .on('GET', /^\/conversations\/c1$/, () => json(conversation()))
      .on('GET', /^\/conversations\/c1\/messages$/, () => json({ items: [user, leaf], nextCursor: null, prevCursor: null }))
      .on('PUT', /^\/conversations\/c1\/branch$/, (call) => {
        leaf = (call.body as { leafId: string }).leafId === a.id ? a : b;
        return json(conversation({ activeLeafId: leaf.id }));
      });
    const { store } = setup(api);
    await store.load();
    await store.switchBranch(store.messages[1], -1);
    expect(api.callsTo('PUT', /branch$/)[0].body).toEqual({ leafId: a.id });
    expect(store.messages[1].content).toBe('A');
  });

  it('pages older messages in front, skipping any it already has', async () => {
    const older = [message({ role: 'user', content: '1' }), message({ role: 'assistant', content: '2' })];
    const newer = [message({ role: 'user', content: '3' }), message({ role: 'assistant', content: '4' })];
    const api = new FakeApi()
      .on('GET', /^\/conversations\/c1$/, () => json(conversation()))
      .on('GET', /^\/conversations\/c1\/messages$/, (call) =>
        call.query.get('before') === 'cur1'
          ? json({ items: [...older, newer[0]], nextCursor: null, prevCursor: 'x' })
          : json({ items: newer, nextCursor: 'cur1', prevCursor: null }),
      );
    const { store } = setup(api);
    await store.load();
    expect(store.olderCursor).toBe('cur1');
    expect(await store.loadOlder()).toBe(2);
    expect(store.messages.map((m) => m.content)).toEqual(['1', '2', '3', '4']);
    expect(store.olderCursor).toBeNull();
    expect(await store.loadOlder()).toBe(0);
  });

  it('stop asks the server to stop the running reply by its saved id', async () => {
    const user = message({ role: 'user', content: 'Hi' });
    const assistant = message({ role: 'assistant', status: 'pending', parentId: user.id });
    const events = replyEvents(assistant, user, Array.from({ length: 30 }, () => 'word '), [{ type: 'abort' }, { type: 'finish' }]);
    const api = new FakeApi()
      .on('GET', /^\/conversations\/c1$/, () => json(conversation()))
      .on('POST', /^\/conversations\/c1\/messages$/, () => sse(events, { gapMs: 5 }))
      .on('POST', /^\/messages\/.+\/stop$/, () => json({ ...assistant, status: 'cancelled' }));
    const { store } = setup(api);
    store.adopt(conversation());
    const sending = store.send('Hi');
    await until(() => store.messages[1]?.id === assistant.id);
    await store.stop();
    await sending;
    expect(api.callsTo('POST', /stop$/)[0].path).toBe(`/messages/${assistant.id}/stop`);
    expect(store.messages[1].status).toBe('cancelled');
  });
});
