import { describe, expect, it } from 'vitest';
import { apiError, conversation, FakeApi, json } from '../../test/fake-api';
import { ConversationListStore } from './conversations.svelte';

const c = (id: string, lastMessageAt: string, extra = {}) => conversation({ id, title: id, lastMessageAt, ...extra });

describe('sidebar conversation list', () => {
  it('loads pinned first then recent, and pages on with the next offset', async () => {
    const all = [c('p', '2026-11-20T00:00:00Z', { isPinned: true }), c('a', '2026-11-24T00:00:00Z'), c('b', '2026-11-23T00:00:00Z')];
    const api = new FakeApi().on('GET', /^\/conversations$/, (call) => {
      const offset = Number(call.query.get('offset'));
      return json({ items: all.slice(offset, offset + 2), total: 3, limit: 2, offset });
    });
    const client = api.client();
    const store = new ConversationListStore(() => client);
    await store.active.load();
    expect(store.pinned.map((x) => x.id)).toEqual(['p']);
    expect(store.active.hasMore).toBe(true);
    await store.active.loadMore();
    expect(store.recent.map((x) => x.id)).toEqual(['a', 'b']);
    expect(api.callsTo('GET', /^\/conversations$/)[1].query.get('offset')).toBe('2');
  });

  it('puts a new or changed conversation in order, and moves archived ones out', () => {
    const store = new ConversationListStore(() => new FakeApi().client());
    store.upsert(c('old', '2026-11-01T00:00:00Z'));
    store.upsert(c('new', '2026-11-24T00:00:00Z'));
    store.upsert(c('pinned', '2026-10-01T00:00:00Z', { isPinned: true }));
    expect(store.active.items.map((x) => x.id)).toEqual(['pinned', 'new', 'old']);
    store.upsert(c('new', '2026-11-24T00:00:00Z', { isArchived: true }));
    expect(store.active.items.map((x) => x.id)).toEqual(['pinned', 'old']);
  });

  it('applies a rename at once and puts it back when the server refuses', async () => {
    const api = new FakeApi().on('PATCH', /^\/conversations\/x$/, () => apiError(400, 'VALIDATION'));
    const client = api.client();
    const store = new ConversationListStore(() => client);
    store.upsert(c('x', '2026-11-24T00:00:00Z'));
    const renaming = store.update('x', { title: 'Renamed' });
    expect(store.find('x')?.title).toBe('Renamed');
    await expect(renaming).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(store.find('x')?.title).toBe('x');
  });

  it('removes a deleted conversation and restores it if the delete fails', async () => {
    let fail = true;
    const api = new FakeApi().on('DELETE', /^\/conversations\/x$/, () => (fail ? apiError(500, 'INTERNAL') : new Response(null, { status: 204 })));
    const client = api.client();
    const store = new ConversationListStore(() => client);
    store.upsert(c('x', '2026-11-24T00:00:00Z'));
    await expect(store.delete('x')).rejects.toBeTruthy();
    expect(store.find('x')).toBeDefined();
    fail = false;
    await store.delete('x');
    expect(store.find('x')).toBeUndefined();
  });
});
