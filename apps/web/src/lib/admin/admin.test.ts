import type { AdminUser, ModelSyncEvent } from '@mana/contracts';
import { describe, expect, it } from 'vitest';
import { FakeApi, json } from '../../test/fake-api';
import { syncLines } from './sync-lines';
import { ModelSyncStore } from './sync.svelte';
import { AdminUsersStore, parseSpendLimit } from './users.svelte';

/** `POST /admin/models/sync` as the server streams it: one `data:` event per step. */
function syncStream(events: ModelSyncEvent[]) {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const event of events) controller.enqueue(encoder.encode(`data: ${JSON.stringify(event)}\n\n`));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

const SYNC: ModelSyncEvent[] = [
  { type: 'sync-start', providers: ['openrouter', 'openai-compatible'] },
  { type: 'provider-start', provider: 'openrouter' },
  { type: 'provider-done', provider: 'openrouter', synced: 312 },
  { type: 'provider-start', provider: 'openai-compatible' },
  { type: 'provider-failed', provider: 'openai-compatible', error: { code: 'UPSTREAM_UNAVAILABLE', message: 'down' } },
  { type: 'sync-done', results: [{ provider: 'openrouter', ok: true, synced: 312 }, { provider: 'openai-compatible', ok: false, synced: 0, error: { code: 'UPSTREAM_UNAVAILABLE', message: 'down' } }] },
];

describe('model sync progress', () => {
  it('keeps every event as it arrives and ends with the results', async () => {
    const client = new FakeApi().on('POST', /^\/admin\/models\/sync$/, () => syncStream(SYNC)).client();
    const sync = new ModelSyncStore(() => client);
    const done = await sync.run();
    expect(done?.results.map((r) => r.ok)).toEqual([true, false]);
    expect(sync.events).toEqual(SYNC);
    expect(sync.running).toBe(false);
    expect(sync.error).toBeNull();
  });

  it('turns events into lines: a running provider becomes its result', () => {
    expect(syncLines(SYNC.slice(0, 2)).map((l) => [l.key, l.kind])).toEqual([
      ['admin.syncStart', 'info'],
      ['admin.syncProviderStart', 'running'],
    ]);
    expect(syncLines(SYNC)).toEqual([
      { key: 'admin.syncStart', params: { n: 2 }, kind: 'info' },
      { key: 'admin.syncProviderDone', provider: 'openrouter', params: { n: 312 }, kind: 'ok' },
      { key: 'admin.syncProviderFailed', provider: 'openai-compatible', errorCode: 'UPSTREAM_UNAVAILABLE', kind: 'error' },
      { key: 'admin.syncDoneWithErrors', params: { n: 1 }, kind: 'error' },
    ]);
    expect(syncLines([{ type: 'sync-start', providers: [] }, { type: 'sync-done', results: [] }]).map((l) => l.key)).toEqual(['admin.syncNoProviders', 'admin.syncDone']);
  });

  it('reports a refused request (e.g. no longer an admin) as an error, not as a result', async () => {
    const client = new FakeApi().client();
    const sync = new ModelSyncStore(() => client);
    await expect(sync.run()).resolves.toBeNull();
    expect((sync.error as { code: string }).code).toBe('NOT_FOUND');
  });
});

const user = (n: number, fields: Partial<AdminUser> = {}): AdminUser => ({
  id: `u${n}`,
  email: `user${n}@example.com`,
  name: `User ${n}`,
  createdAt: '2026-11-01T00:00:00.000Z',
  disabledAt: null,
  isAdmin: false,
  monthlySpendLimitUsd: null,
  lastActiveAt: null,
  messagesThisMonth: 0,
  spendThisMonthUsd: 0,
  ...fields,
});

describe('admin users', () => {
  const all = Array.from({ length: 5 }, (_, i) => user(i + 1));
  const api = new FakeApi()
    .on('GET', /^\/admin\/users$/, (call) => {
      const q = call.query.get('q') ?? '';
      const items = all.filter((u) => u.email.includes(q));
      const offset = Number(call.query.get('offset'));
      const limit = Number(call.query.get('limit'));
      return json({ items: items.slice(offset, offset + limit), total: items.length, limit, offset });
    })
    .on('PATCH', /^\/admin\/users\/u\d$/, (call) => json({ ...all.find((u) => call.path.endsWith(u.id))!, ...(call.body as object), disabledAt: (call.body as { disabled?: boolean }).disabled ? '2026-11-24T00:00:00.000Z' : null }));
  const client = api.client();

  it('pages through the list and starts again at the first page for a new search', async () => {
    const users = new AdminUsersStore(() => client, 2);
    await users.load(0);
    expect(users.items.map((u) => u.id)).toEqual(['u1', 'u2']);
    expect([users.hasPrevious, users.hasNext]).toEqual([false, true]);
    await users.next();
    await users.next();
    expect(users.items.map((u) => u.id)).toEqual(['u5']);
    expect([users.hasPrevious, users.hasNext]).toEqual([true, false]);
    await users.search('user3', 'spend');
    expect(users.items.map((u) => u.id)).toEqual(['u3']);
    const last = api.calls.at(-1)!;
    expect(Object.fromEntries(last.query)).toEqual({ q: 'user3', sort: 'spend', limit: '2', offset: '0' });
  });

  it('shows the server’s answer after disabling a user or setting a limit', async () => {
    const users = new AdminUsersStore(() => client, 10);
    await users.load(0);
    await users.update('u2', { disabled: true });
    await users.update('u3', { monthlySpendLimitUsd: 5 });
    expect(users.items.find((u) => u.id === 'u2')?.disabledAt).not.toBeNull();
    expect(users.items.find((u) => u.id === 'u3')?.monthlySpendLimitUsd).toBe(5);
    expect(api.callsTo('PATCH', /u2$/)[0].body).toEqual({ disabled: true });
  });

  it('reads the limit field: empty is no limit, amounts with up to two decimals', () => {
    expect(parseSpendLimit('')).toBeNull();
    expect(parseSpendLimit('  ')).toBeNull();
    expect(parseSpendLimit('0')).toBe(0);
    expect(parseSpendLimit('12.5')).toBe(12.5);
    expect(parseSpendLimit('12,50')).toBe(12.5);
    expect(parseSpendLimit('$20')).toBe(20);
    expect(parseSpendLimit('-1')).toBeUndefined();
    expect(parseSpendLimit('1.234')).toBeUndefined();
    expect(parseSpendLimit('ten')).toBeUndefined();
    expect(parseSpendLimit('2000000')).toBeUndefined();
  });
});
