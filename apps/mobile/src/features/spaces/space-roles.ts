import type { SpaceRole } from '@mana/contracts';

/**
 * What each role may do, the same rules the server enforces (`space-permissions.ts`): viewers read;
 * members also write; admins also manage members; only the owner makes or removes admins and
 * deletes the space. The app only hides what would be refused anyway.
 */
const RANK: Record<SpaceRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export type AssignableRole = Exclude<SpaceRole, 'owner'>;

export const canWrite = (role: SpaceRole) => RANK[role] >= RANK.member;
export const canManageMembers = (role: SpaceRole) => RANK[role] >= RANK.admin;
export const canDeleteSpace = (role: SpaceRole) => role === 'owner';
export const canLeave = (role: SpaceRole) => role !== 'owner';

/** Whether `actor` may give a member whose role is `current` the role `next`, or remove them (`next` null). */
export function canChangeMember(actor: SpaceRole, current: SpaceRole, next: SpaceRole | null): boolean {
  if (!canManageMembers(actor) || current === 'owner') return false;
  if (actor !== 'owner' && (current === 'admin' || next === 'admin')) return false;
  return true;
}

/** The roles `actor` may hand out in an invitation or a role change. */
export function assignableRoles(actor: SpaceRole): AssignableRole[] {
  if (!canManageMembers(actor)) return [];
  return actor === 'owner' ? ['admin', 'member', 'viewer'] : ['member', 'viewer'];
}
