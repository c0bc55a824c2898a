import { describe, expect, it } from 'vitest';
import { assignableRoles, canChangeMember, canDeleteSpace, canManageMembers, canWrite } from './permissions';

describe('space roles in the UI', () => {
  it('viewers read, members write, admins manage members, only the owner deletes', () => {
    expect([canWrite('viewer'), canWrite('member'), canWrite('admin'), canWrite('owner')]).toEqual([false, true, true, true]);
    expect([canManageMembers('member'), canManageMembers('admin')]).toEqual([false, true]);
    expect([canDeleteSpace('admin'), canDeleteSpace('owner')]).toEqual([false, true]);
    expect(canWrite(null)).toBe(false);
  });

  it('only the owner makes, changes or removes admins; nobody changes the owner', () => {
    expect(canChangeMember('owner', 'member', 'admin')).toBe(true);
    expect(canChangeMember('admin', 'member', 'admin')).toBe(false);
    expect(canChangeMember('admin', 'admin', 'member')).toBe(false);
    expect(canChangeMember('admin', 'viewer', 'member')).toBe(true);
    expect(canChangeMember('admin', 'member', null)).toBe(true);
    expect(canChangeMember('owner', 'owner', 'member')).toBe(false);
    expect(canChangeMember('member', 'viewer', 'member')).toBe(false);
    expect(assignableRoles('owner')).toEqual(['admin', 'member', 'viewer']);
    expect(assignableRoles('admin')).toEqual(['member', 'viewer']);
    expect(assignableRoles('member')).toEqual([]);
  });
});
