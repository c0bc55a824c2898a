import type { DeletionPreview } from '@mana/contracts';
import { describe, expect, it } from 'vitest';
import { buildDeleteRequest, deletionProblems, initialDeletionForm, isComplete, serverProblem } from './deletion';

const preview = (fields: Partial<DeletionPreview> = {}): DeletionPreview => ({
  confirmWith: 'Ada@Example.com',
  requiresPassword: true,
  ownedSpaces: [
    {
      id: '11111111-1111-4111-8111-111111111111',
      name: 'Team',
      memberCount: 3,
      candidates: [
        { userId: 'u-grace', name: 'Grace', email: 'grace@example.com', role: 'admin' },
        { userId: 'u-alan', name: 'Alan', email: 'alan@example.com', role: 'member' },
      ],
    },
    { id: '22222222-2222-4222-8222-222222222222', name: 'Solo', memberCount: 1, candidates: [] },
  ],
  counts: { conversations: 4, messages: 20, templates: 1, apiKeys: 2, spaceMemberships: 3 },
  ...fields,
});

describe('deleting the account: the request body', () => {
  it('starts undecided where a member could take over, and decided (delete) where no one can', () => {
    const p = preview();
    const form = initialDeletionForm(p);
    expect(form.spaces[p.ownedSpaces[0].id]).toEqual({ action: '', transferTo: 'u-grace' });
    expect(form.spaces[p.ownedSpaces[1].id]).toEqual({ action: 'delete', transferTo: '' });
    const problems = deletionProblems(p, form);
    expect(problems).toEqual({ confirm: 'empty', password: 'required', spaces: { [p.ownedSpaces[0].id]: 'undecided' } });
    expect(isComplete(problems)).toBe(false);
    expect(() => buildDeleteRequest(p, form)).toThrow();
  });

  it('needs the email (any letter case), the password and a decision per owned space', () => {
    const p = preview();
    const form = initialDeletionForm(p);
    form.confirm = 'someone@example.com';
    expect(deletionProblems(p, form).confirm).toBe('mismatch');
    form.confirm = '  ada@EXAMPLE.com ';
    form.password = 'secret';
    form.spaces[p.ownedSpaces[0].id] = { action: 'transfer', transferTo: 'u-alan' };
    expect(isComplete(deletionProblems(p, form))).toBe(true);
    expect(buildDeleteRequest(p, form)).toEqual({
      confirm: 'ada@EXAMPLE.com',
      password: 'secret',
      ownedSpaces: [
        { spaceId: p.ownedSpaces[0].id, action: 'transfer', transferTo: 'u-alan' },
        { spaceId: p.ownedSpaces[1].id, action: 'delete' },
      ],
    });
  });

  it('refuses a transfer to someone who is not a candidate', () => {
    const p = preview();
    const form = { ...initialDeletionForm(p), confirm: 'ada@example.com', password: 'x' };
    form.spaces[p.ownedSpaces[0].id] = { action: 'transfer', transferTo: 'u-stranger' };
    expect(deletionProblems(p, form).spaces).toEqual({ [p.ownedSpaces[0].id]: 'transferTo' });
  });

  it('sends no password for an external identity and no decisions without owned spaces', () => {
    const p = preview({ requiresPassword: false, ownedSpaces: [], confirmWith: 'ext-123' });
    const form = { ...initialDeletionForm(p), confirm: 'ext-123' };
    expect(buildDeleteRequest(p, form)).toEqual({ confirm: 'ext-123', ownedSpaces: [] });
  });

  it('maps the server’s refusal back to the field it names', () => {
    const p = preview();
    expect(serverProblem(p, { fields: [{ path: 'password', message: 'is wrong' }] })).toEqual({ field: 'password' });
    expect(serverProblem(p, { fields: [{ path: 'confirm' }] })).toEqual({ field: 'confirm' });
    expect(serverProblem(p, { fields: [{ path: 'ownedSpaces.1.transferTo' }] })).toEqual({ field: 'space', spaceId: p.ownedSpaces[1].id });
    expect(serverProblem(p, { fields: [{ path: 'ownedSpaces' }], undecidedSpaceIds: ['33333333-3333-4333-8333-333333333333'] })).toEqual({ field: 'stale' });
    expect(serverProblem(p, undefined)).toBeNull();
  });
});
