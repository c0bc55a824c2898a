import { describe, expect, it } from 'vitest';
import { apiError, FakeApi, json } from '../../test/fake-api';
import { DocumentStore } from './document.svelte';

const version = (n: number, content: string, messageId: string | null = null) => ({ version: n, content, messageId, createdAt: `2026-11-24T12:00:0${n}.000Z` });
const info = (v: ReturnType<typeof version>) => ({ version: v.version, messageId: v.messageId, createdAt: v.createdAt, length: v.content.length });

function fakeDocument(initial: ReturnType<typeof version>[]) {
  const versions = [...initial];
  const api = new FakeApi()
    .on('GET', /^\/conversations\/c1\/document$/, () => (versions.length ? json(versions.at(-1)) : apiError(404, 'NOT_FOUND')))
    .on('GET', /^\/conversations\/c1\/document\/versions$/, () => json({ items: versions.map(info) }))
    .on('GET', /^\/conversations\/c1\/document\/versions\/\d+$/, (call) => json(versions.find((v) => call.path.endsWith(`/${v.version}`))))
    .on('POST', /^\/conversations\/c1\/document\/versions\/\d+\/restore$/, (call) => {
      const n = Number(call.path.split('/').at(-2));
      const restored = version(versions.length + 1, versions.find((v) => v.version === n)!.content);
      versions.push(restored);
      return json(restored);
    })
    .on('PUT', /^\/conversations\/c1\/document$/, (call) => {
      const saved = version(versions.length + 1, (call.body as { content: string }).content);
      versions.push(saved);
      return json(saved);
    })
    .on('GET', /^\/conversations\/c1\/document\/diff$/, (call) =>
      json({ from: Number(call.query.get('from')), to: Number(call.query.get('to')), patch: '', changes: [{ kind: 'added', text: 'x' }] }),
    );
  return { api, versions, store: new DocumentStore('c1', api.client(), { pollDelaysMs: [5, 5, 5, 5] }) };
}

describe('document store', () => {
  it('a conversation without a version yet is an empty document, not an error', async () => {
    const { store } = fakeDocument([]);
    await store.load();
    expect(store.status).toBe('ready');
    expect(store.latest).toBeNull();
    expect(store.versions).toEqual([]);
  });

  it('lists versions newest first and shows an older one on request', async () => {
    const { store } = fakeDocument([version(1, '# One', 'm1'), version(2, '# Two', 'm2')]);
    await store.load();
    expect(store.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(store.shown?.content).toBe('# Two');
    await store.view(1);
    expect(store.shown?.content).toBe('# One');
    store.backToLatest();
    expect(store.shown?.version).toBe(2);
  });

  it('waits for the version a finished reply becomes (the server adds it a moment later)', async () => {
    const { store, versions } = fakeDocument([version(1, '# One', 'm1')]);
    await store.load();
    const noticing = store.noticeReply('m2', '# Two');
    setTimeout(() => versions.push(version(2, '# Two', 'm2')), 12);
    await noticing;
    expect(store.latest?.content).toBe('# Two');
    expect(store.versions.map((v) => v.messageId)).toEqual(['m2', 'm1']);
  });

  it('restores an old version as a new latest version, and saves a manual edit', async () => {
    const { store, api } = fakeDocument([version(1, 'first'), version(2, 'second')]);
    await store.load();
    await store.view(1);
    await store.restore(1);
    expect(api.callsTo('POST', /restore$/)[0].path).toBe('/conversations/c1/document/versions/1/restore');
    expect(store.latest).toMatchObject({ version: 3, content: 'first' });
    expect(store.viewing).toBeNull();
    await store.save('typed by hand');
    expect(api.callsTo('PUT', /document$/)[0].body).toEqual({ content: 'typed by hand' });
    expect(store.versions.map((v) => v.version)).toEqual([4, 3, 2, 1]);
  });

  it('asks the server for the diff of two versions', async () => {
    const { store, api } = fakeDocument([version(1, 'a'), version(2, 'b')]);
    await store.load();
    await store.compare(1, 2);
    const call = api.callsTo('GET', /diff$/)[0];
    expect([call.query.get('from'), call.query.get('to')]).toEqual(['1', '2']);
    expect(store.diff?.changes).toEqual([{ kind: 'added', text: 'x' }]);
  });
});
