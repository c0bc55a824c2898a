import type { Account } from '@mana/contracts';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeApi, json, until } from '../../test/fake-api';

const fake = vi.hoisted(() => ({ api: null as unknown as FakeApi }));
vi.mock('$lib/api', async (importOriginal) => {
  const original = await importOriginal<typeof import('../api')>();
  const { FakeApi: Fake } = await import('../../test/fake-api');
  fake.api = new Fake();
  return { ...original, api: fake.api.client() };
});

const { default: ProfileSection } = await import('./ProfileSection.svelte');
const { session } = await import('../app.svelte');

const data: Account = {
  id: 'u1',
  email: 'ada@example.com',
  name: 'Ada',
  createdAt: '2026-11-01T00:00:00.000Z',
  external: false,
  isAdmin: false,
  monthlySpendLimitUsd: 5,
  spendThisMonthUsd: 1.25,
};
const wrong = (path: string) => json({ error: { code: 'VALIDATION', message: 'wrong', details: { fields: [{ path, message: 'is wrong' }] } } }, 400);

beforeEach(() => {
  fake.api.calls.length = 0;
  session.user = { id: 'u1', email: 'ada@example.com', name: 'Ada', createdAt: data.createdAt };
});

describe('<ProfileSection>', () => {
  it('shows this month’s spend against the limit', () => {
    render(ProfileSection, { data });
    expect(screen.getByTestId('spend').textContent).toContain('$1.25');
    expect(screen.getByTestId('spend').textContent).toContain('Monthly limit $5.00');
  });

  it('changes the email with the password, and the sidebar shows the new one', async () => {
    fake.api.on('PUT', /^\/account\/email$/, (call) => {
      const body = call.body as { email: string; password: string };
      if (body.password !== 'right') return wrong('password');
      if (body.email === 'taken@example.com') return json({ error: { code: 'CONFLICT', message: 'taken' } }, 409);
      return json({ ...data, email: body.email });
    });
    render(ProfileSection, { data });
    await fireEvent.click(screen.getByTestId('edit-email'));
    await fireEvent.input(screen.getByTestId('new-email'), { target: { value: 'taken@example.com' } });
    await fireEvent.input(screen.getByTestId('email-password'), { target: { value: 'nope' } });
    await fireEvent.click(screen.getByTestId('save-email'));
    await screen.findByText('This password is wrong.');

    await fireEvent.input(screen.getByTestId('email-password'), { target: { value: 'right' } });
    await fireEvent.click(screen.getByTestId('save-email'));
    await screen.findByText('Another account already uses this email.');

    await fireEvent.input(screen.getByTestId('new-email'), { target: { value: 'ada@new.example.com' } });
    await fireEvent.click(screen.getByTestId('save-email'));
    await until(() => session.user?.email === 'ada@new.example.com');
    expect(fake.api.callsTo('PUT', /email/).at(-1)?.body).toEqual({ email: 'ada@new.example.com', password: 'right' });
    expect(screen.queryByTestId('email-form')).toBeNull();
  });

  it('checks the new password here and reports a wrong current one', async () => {
    const changed = vi.fn();
    fake.api.on('PUT', /^\/account\/password$/, (call) =>
      (call.body as { currentPassword: string }).currentPassword === 'old password' ? new Response(null, { status: 204 }) : wrong('currentPassword'),
    );
    render(ProfileSection, { data, onpasswordchanged: changed });
    await fireEvent.click(screen.getByTestId('edit-password'));
    await fireEvent.input(screen.getByTestId('current-password'), { target: { value: 'wrong' } });
    await fireEvent.input(screen.getByTestId('new-password'), { target: { value: 'short' } });
    await fireEvent.click(screen.getByTestId('save-password'));
    expect(screen.getAllByText('At least 8 characters.').length).toBeGreaterThan(0);
    await fireEvent.input(screen.getByTestId('new-password'), { target: { value: 'a new long password' } });
    await fireEvent.input(screen.getByTestId('repeat-password'), { target: { value: 'a new long passw0rd' } });
    await fireEvent.click(screen.getByTestId('save-password'));
    await screen.findByText('The two passwords are not the same.');
    expect(fake.api.callsTo('PUT', /password/)).toHaveLength(0);

    await fireEvent.input(screen.getByTestId('repeat-password'), { target: { value: 'a new long password' } });
    await fireEvent.click(screen.getByTestId('save-password'));
    await screen.findByText('This password is wrong.');
    await fireEvent.input(screen.getByTestId('current-password'), { target: { value: 'old password' } });
    await fireEvent.click(screen.getByTestId('save-password'));
    await until(() => changed.mock.calls.length === 1);
    expect(fake.api.callsTo('PUT', /password/).at(-1)?.body).toEqual({ currentPassword: 'old password', newPassword: 'a new long password' });
  });

  it('an external identity only sees its name and email', () => {
    render(ProfileSection, { data: { ...data, external: true } });
    expect(screen.getByTestId('external-notice')).toBeTruthy();
    expect(screen.queryByTestId('edit-email')).toBeNull();
    expect(screen.queryByTestId('edit-password')).toBeNull();
  });
});
