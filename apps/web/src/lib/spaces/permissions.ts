import type { SpaceRole } from '@mana/contracts';

/**
 * What each role may do in a space, as the server enforces it (`apps/server/…/space-permissions.ts`):
 * viewers read; members also write; admins also manage members; only the owner deletes the space or
 * makes admins. The UI hides what the role cannot do; the server still answers FORBIDDEN if asked.
 */
const RANK: Record<SpaceRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export const canWrite = (role: SpaceRole | null | undefined) => role !== null && role !== undefined && RANK[role] >= RANK.member;
export const canManageMembers = (role: SpaceRole | null | undefined) => role !== null && role !== undefined && RANK[role] >= RANK.admin;
export const canDeleteSpace = (role: SpaceRole | null | undefined) => role === 'owner';

/** Whether `actor` may give a member (now `current`) the role `next`, or remove them (`next` null). */
export function canChangeMember(actor: SpaceRole | null | undefined, current: SpaceRole, next: SpaceRole | null): boolean {
  if (!canManageMembers(actor) || current === 'owner') return false;
  if (actor !== 'owner' && (current === 'admin' || next === 'admin')) return false;
  return true;
}

/** The roles `actor` may hand out in an invitation or a role change. */
export const assignableRoles = (actor: SpaceRole | null | undefined): ('admin' | 'member' | 'viewer')[] =>
  actor === 'owner' ? ['admin', 'member', 'viewer'] : canManageMembers(actor) ? ['member', 'viewer'] : [];
