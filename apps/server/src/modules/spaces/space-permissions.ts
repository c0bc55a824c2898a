import type { SpaceRole } from '@mana/contracts';

/**
 * What each role may do in a space. Viewers read; members also write (chat in the space's
 * conversations); admins also manage members; only the owner deletes the space or makes admins.
 */
const RANK: Record<SpaceRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export const canRead = (_role: SpaceRole) => true;
export const canWrite = (role: SpaceRole) => RANK[role] >= RANK.member;
export const canManageMembers = (role: SpaceRole) => RANK[role] >= RANK.admin;
export const canDeleteSpace = (role: SpaceRole) => role === 'owner';

/** Whether `actor` may give `target` (currently `current`) the role `next`, or remove them (`next` null). */
export function canChangeMember(actor: SpaceRole, current: SpaceRole, next: SpaceRole | null): boolean {
  if (!canManageMembers(actor) || current === 'owner') return false;
  // Admin rights are the owner's to give and take.
  if (actor !== 'owner' && (current === 'admin' || next === 'admin')) return false;
  return true;
}
