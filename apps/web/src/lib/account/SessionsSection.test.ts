import type { Session } from '@mana/contracts';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeApi, json, until } from '../../test/fake-api';
import SessionsSection from './SessionsSection.svelte';
import { SessionListStore } from './sessions.svelte';

// jsdom has no modal dialogs.
beforeAll(() => {
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.open = false;
  };
});

const session = (id: string, fields: Partial<Session> = {}): Session => ({
  id,
  createdAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
  lastUsedAt: new Date(Date.now() - 60_000).toISOString(),
  expiresAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  ip: '203.0.113.7',
  current: false,
  ...fields,
});

async function renderWith(items: Session[]) {
  let stored = items;
  const api = new FakeApi()
    .on('GET', /^\/account\/sessions$/, () => json({ items: stored }))
    .on('DELETE', /^\/account\/sessions\//, (call) => {
      stored = stored.filter((s) => `/account/sessions/${s.id}` !== call.path);
      return new Response(null, { status: 204 });
    })
    .on('POST', /^\/account\/sessions\/revoke-others$/, () => {
      const revoked = stored.filter((s) => !s.current).length;
      stored = stored.filter((s) => s.current);
      return json({ revoked });
    });
  const client = api.client();
  const store = new SessionListStore(() => client);
  await store.load();
  const onsignedout = vi.fn();
  render(SessionsSection, { store, onsignedout });
  return { api, store, onsignedout };
}

describe('<SessionsSection>', () => {
  it('marks this device and shows device, activity and address', async () => {
    await renderWith([session('phone', { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1' }), session('here', { current: true })]);
    const rows = screen.getAllByTestId('session');
    expect(rows).toHaveLength(2);
    expect(rows[0].dataset.current).toBe('true');
    expect(within(rows[0]).getByTestId('this-device').textContent).toBe('This device');
    expect(rows[0].textContent).toContain('Chrome on Linux');
    expect(rows[0].textContent).toContain('203.0.113.7');
    expect(rows[1].textContent).toContain('Safari on iOS');
    expect(within(rows[1]).queryByTestId('this-device')).toBeNull();
  });

  it('revokes another device after confirming', async () => {
    const { api, onsignedout } = await renderWith([session('here', { current: true }), session('phone')]);
    await fireEvent.click(within(screen.getAllByTestId('session')[1]).getByTestId('revoke-session'));
    await fireEvent.click(screen.getByTestId('confirm'));
    await until(() => screen.getAllByTestId('session').length === 1);
    expect(api.callsTo('DELETE', /^\/account\/sessions\/phone$/)).toHaveLength(1);
    expect(onsignedout).not.toHaveBeenCalled();
  });

  it('signs out here when this device’s session is revoked', async () => {
    const { onsignedout } = await renderWith([session('here', { current: true })]);
    await fireEvent.click(screen.getByTestId('revoke-session'));
    await fireEvent.click(screen.getByTestId('confirm'));
    await until(() => onsignedout.mock.calls.length === 1);
  });

  it('signs out all other devices, and the button is off when there are none', async () => {
    const { api } = await renderWith([session('here', { current: true }), session('a'), session('b')]);
    const button = screen.getByTestId('revoke-others') as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    await fireEvent.click(button);
    await fireEvent.click(screen.getByTestId('confirm'));
    await until(() => screen.getAllByTestId('session').length === 1);
    expect(api.callsTo('POST', /revoke-others/)).toHaveLength(1);
    expect(button.disabled).toBe(true);
  });
});
