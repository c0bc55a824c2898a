import type { Session } from '@mana/contracts';
import { describe, expect, it } from 'vitest';
import { apiError, FakeApi, json } from '../../test/fake-api';
import { describeDevice, SessionListStore } from './sessions.svelte';

const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

const session = (id: string, fields: Partial<Session> = {}): Session => ({
  id,
  createdAt: '2026-11-20T10:00:00.000Z',
  lastUsedAt: '2026-11-24T10:00:00.000Z',
  expiresAt: '2026-12-24T10:00:00.000Z',
  userAgent: CHROME_LINUX,
  ip: '203.0.113.7',
  current: false,
  ...fields,
});

function setup(items: Session[]) {
  let stored = [...items];
  const api = new FakeApi()
    .on('GET', /^\/account\/sessions$/, () => json({ items: stored }))
    .on('DELETE', /^\/account\/sessions\/[\w-]+$/, (call) => {
      const id = call.path.split('/').pop();
      if (!stored.some((s) => s.id === id)) return apiError(404, 'NOT_FOUND');
      stored = stored.filter((s) => s.id !== id);
      return new Response(null, { status: 204 });
    })
    .on('POST', /^\/account\/sessions\/revoke-others$/, () => {
      const revoked = stored.filter((s) => !s.current).length;
      stored = stored.filter((s) => s.current);
      return json({ revoked });
    });
  const client = api.client();
  return { api, store: new SessionListStore(() => client) };
}

describe('sessions list', () => {
  it('lists this device first, then the most recently used', async () => {
    const { store } = setup([
      session('old', { lastUsedAt: '2026-11-01T00:00:00.000Z' }),
      session('new', { lastUsedAt: '2026-11-24T12:00:00.000Z' }),
      session('here', { current: true, lastUsedAt: '2026-11-10T00:00:00.000Z' }),
    ]);
    await store.load();
    expect(store.status).toBe('ready');
    expect(store.sorted.map((s) => s.id)).toEqual(['here', 'new', 'old']);
    expect(store.others).toBe(2);
  });

  it('revokes another device, and says so when the revoked one was this device', async () => {
    const { store, api } = setup([session('here', { current: true }), session('phone')]);
    await store.load();
    await expect(store.revoke('phone')).resolves.toBe(false);
    expect(store.items.map((s) => s.id)).toEqual(['here']);
    expect(api.callsTo('DELETE', /^\/account\/sessions\/phone$/)).toHaveLength(1);
    await expect(store.revoke('here')).resolves.toBe(true);
  });

  it('drops a session that was already gone (404) instead of failing', async () => {
    const { store } = setup([session('here', { current: true }), session('gone')]);
    await store.load();
    await store.revoke('gone');
    await expect(store.revoke('gone')).resolves.toBe(false);
    expect(store.items.map((s) => s.id)).toEqual(['here']);
  });

  it('signs out every other device and keeps this one', async () => {
    const { store } = setup([session('here', { current: true }), session('a'), session('b')]);
    await store.load();
    await expect(store.revokeOthers()).resolves.toBe(2);
    expect(store.items.map((s) => s.id)).toEqual(['here']);
    expect(store.others).toBe(0);
    expect(store.busy).toBeNull();
  });

  it('shows a load failure', async () => {
    const client = new FakeApi().on('GET', /^\/account\/sessions$/, () => apiError(500, 'INTERNAL')).client();
    const store = new SessionListStore(() => client);
    await store.load();
    expect(store.status).toBe('error');
  });
});

describe('describeDevice', () => {
  it('names browser and system', () => {
    expect(describeDevice(CHROME_LINUX)).toEqual({ client: 'Chrome', os: 'Linux', mobile: false });
    expect(describeDevice(SAFARI_IPHONE)).toEqual({ client: 'Safari', os: 'iOS', mobile: true });
    expect(describeDevice('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0').client).toBe('Edge');
    expect(describeDevice('Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:133.0) Gecko/20100101 Firefox/133.0')).toMatchObject({ client: 'Firefox', os: 'macOS' });
    expect(describeDevice('okhttp/4.12.0')).toEqual({ client: 'Mana Chat app', os: 'Android', mobile: true });
  });

  it('knows nothing about a missing or strange agent', () => {
    expect(describeDevice(null)).toEqual({ client: null, os: null, mobile: false });
    expect(describeDevice('SomeBot/1.0')).toEqual({ client: null, os: null, mobile: false });
  });
});
