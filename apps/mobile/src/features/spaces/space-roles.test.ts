import { assignableRoles, canChangeMember, canDeleteSpace, canLeave, canManageMembers, canWrite } from './space-roles';

describe('space roles', () => {
  it('viewers only read; members write; admins manage; the owner deletes', () => {
    expect([canWrite('viewer'), canWrite('member'), canWrite('admin'), canWrite('owner')]).toEqual([false, true, true, true]);
    expect([canManageMembers('member'), canManageMembers('admin')]).toEqual([false, true]);
    expect([canDeleteSpace('admin'), canDeleteSpace('owner')]).toEqual([false, true]);
    expect([canLeave('viewer'), canLeave('owner')]).toEqual([true, false]);
  });

  it('only the owner makes or removes admins; nobody changes the owner', () => {
    expect(canChangeMember('admin', 'member', 'viewer')).toBe(true);
    expect(canChangeMember('admin', 'member', 'admin')).toBe(false);
    expect(canChangeMember('admin', 'admin', 'member')).toBe(false);
    expect(canChangeMember('admin', 'admin', null)).toBe(false);
    expect(canChangeMember('owner', 'admin', null)).toBe(true);
    expect(canChangeMember('owner', 'member', 'admin')).toBe(true);
    expect(canChangeMember('owner', 'owner', 'member')).toBe(false);
    expect(canChangeMember('member', 'viewer', null)).toBe(false);
    expect(assignableRoles('owner')).toEqual(['admin', 'member', 'viewer']);
    expect(assignableRoles('admin')).toEqual(['member', 'viewer']);
    expect(assignableRoles('member')).toEqual([]);
  });
});
