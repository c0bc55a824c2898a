import type { DeletionPreview } from '@mana/contracts';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, FakeApi, json, until } from '../../test/fake-api';

const fake = vi.hoisted(() => ({ api: null as unknown as FakeApi }));
vi.mock('$lib/api', async (importOriginal) => {
  const original = await importOriginal<typeof import('../api')>();
  const { FakeApi: Fake } = await import('../../test/fake-api');
  fake.api = new Fake();
  return { ...original, api: fake.api.client() };
});

const { default: DangerZone } = await import('./DangerZone.svelte');

beforeAll(() => {
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.open = false;
  };
});

const TEAM = '11111111-1111-4111-8111-111111111111';
const SOLO = '22222222-2222-4222-8222-222222222222';
const preview: DeletionPreview = {
  confirmWith: 'ada@example.com',
  requiresPassword: true,
  ownedSpaces: [
    {
      id: TEAM,
      name: 'Team',
      memberCount: 3,
      candidates: [
        { userId: 'u-grace', name: 'Grace', email: 'grace@example.com', role: 'admin' },
        { userId: 'u-alan', name: 'Alan', email: 'alan@example.com', role: 'member' },
      ],
    },
    { id: SOLO, name: 'Solo', memberCount: 1, candidates: [] },
  ],
  counts: { conversations: 4, messages: 20, templates: 1, apiKeys: 2, spaceMemberships: 3 },
};

let answer: () => Response;
beforeEach(() => {
  answer = () => new Response(null, { status: 204 });
  fake.api.calls.length = 0;
  fake.api.on('GET', /^\/account\/deletion$/, () => json(preview)).on('POST', /^\/account\/delete$/, () => answer());
});

async function open() {
  const ondeleted = vi.fn();
  render(DangerZone, { ondeleted });
  await fireEvent.click(screen.getByTestId('delete-account'));
  await screen.findByTestId('delete-counts');
  return { ondeleted, dialog: screen.getByTestId('delete-dialog') };
}

describe('<DangerZone>', () => {
  it('shows what goes and asks for each owned space; nothing is sent while the form is incomplete', async () => {
    const { dialog } = await open();
    expect(within(dialog).getByTestId('delete-counts').textContent).toContain('Conversations: 4 (messages: 20)');
    const spaces = within(dialog).getAllByTestId('owned-space');
    expect(spaces.map((s) => s.dataset.space)).toEqual(['Team', 'Solo']);
    // No one can take "Solo" over: delete is chosen and transfer is off.
    expect((within(spaces[1]).getByTestId('space-delete') as HTMLInputElement).checked).toBe(true);
    expect((within(spaces[1]).getByTestId('space-transfer') as HTMLInputElement).disabled).toBe(true);

    await fireEvent.click(within(dialog).getByTestId('delete-confirm-button'));
    expect(dialog.textContent).toContain('Choose what happens to this space.');
    expect(dialog.textContent).toContain('Type your email to confirm.');
    expect(dialog.textContent).toContain('Enter your password.');
    expect(fake.api.callsTo('POST', /^\/account\/delete$/)).toHaveLength(0);
  });

  it('sends one decision per space, the typed email and the password', async () => {
    const { dialog, ondeleted } = await open();
    const team = within(dialog).getAllByTestId('owned-space')[0];
    await fireEvent.change(within(team).getByTestId('space-candidate'), { target: { value: 'u-alan' } });
    expect((within(team).getByTestId('space-transfer') as HTMLInputElement).checked).toBe(true);
    await fireEvent.input(within(dialog).getByTestId('delete-confirm'), { target: { value: 'ADA@example.com' } });
    await fireEvent.input(within(dialog).getByTestId('delete-password'), { target: { value: 'my password' } });
    await fireEvent.click(within(dialog).getByTestId('delete-confirm-button'));
    await until(() => ondeleted.mock.calls.length === 1);
    expect(fake.api.callsTo('POST', /^\/account\/delete$/).map((c) => c.body)).toEqual([
      {
        confirm: 'ADA@example.com',
        password: 'my password',
        ownedSpaces: [
          { spaceId: TEAM, action: 'transfer', transferTo: 'u-alan' },
          { spaceId: SOLO, action: 'delete' },
        ],
      },
    ]);
  });

  it('shows a wrong password at the password field and deletes nothing', async () => {
    answer = () => json({ error: { code: 'VALIDATION', message: 'Password is wrong', details: { fields: [{ path: 'password', message: 'is wrong' }] } } }, 400);
    const { dialog, ondeleted } = await open();
    const team = within(dialog).getAllByTestId('owned-space')[0];
    await fireEvent.click(within(team).getByTestId('space-delete'));
    await fireEvent.input(within(dialog).getByTestId('delete-confirm'), { target: { value: 'ada@example.com' } });
    await fireEvent.input(within(dialog).getByTestId('delete-password'), { target: { value: 'wrong' } });
    await fireEvent.click(within(dialog).getByTestId('delete-confirm-button'));
    await until(() => (dialog.textContent ?? '').includes('This password is wrong.'));
    expect(ondeleted).not.toHaveBeenCalled();
    expect(fake.api.callsTo('POST', /^\/account\/delete$/)[0].body).toMatchObject({ ownedSpaces: [{ spaceId: TEAM, action: 'delete' }, { spaceId: SOLO, action: 'delete' }] });
  });

  it('says why when the server refuses for another reason', async () => {
    answer = () => apiError(429, 'RATE_LIMITED');
    const { dialog } = await open();
    await fireEvent.click(within(within(dialog).getAllByTestId('owned-space')[0]).getByTestId('space-delete'));
    await fireEvent.input(within(dialog).getByTestId('delete-confirm'), { target: { value: 'ada@example.com' } });
    await fireEvent.input(within(dialog).getByTestId('delete-password'), { target: { value: 'pw' } });
    await fireEvent.click(within(dialog).getByTestId('delete-confirm-button'));
    await until(() => (dialog.textContent ?? '').includes('Too many requests'));
  });
});
