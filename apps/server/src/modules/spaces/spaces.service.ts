import { Injectable } from '@nestjs/common';
import {
  type CreateSpaceRequest,
  fail,
  type InviteRequest,
  ok,
  type Result,
  type Space,
  type SpaceInvitation,
  type SpaceMember,
  type SpaceRole,
  type UpdateSpaceRequest,
} from '@mana/contracts';
import { ConversationListCache } from '../conversations/conversation-list-cache';
import { canChangeMember, canDeleteSpace, canManageMembers } from './space-permissions';
import { type SpaceRow, SpacesRepository } from './spaces.repository';

const NOT_FOUND = 'Space not found';
const toSpace = (row: SpaceRow, role: SpaceRole, memberCount: number): Space => ({
  id: row.id,
  name: row.name,
  description: row.description,
  ownerId: row.ownerId,
  role,
  memberCount,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** Shared workspaces: membership, invitations and roles. Non-members learn nothing (404). */
@Injectable()
export class SpacesService {
  constructor(
    private readonly repository: SpacesRepository,
    private readonly lists: ConversationListCache,
  ) {}

  async create(userId: string, input: CreateSpaceRequest): Promise<Result<Space>> {
    const row = await this.repository.createSpace({ ownerId: userId, name: input.name, description: input.description ?? null });
    return ok(toSpace(row, 'owner', 1));
  }

  async list(userId: string): Promise<Result<{ items: Space[] }>> {
    const rows = await this.repository.listSpacesOf({ userId });
    return ok({ items: rows.map((r) => toSpace(r.space, r.role, r.memberCount)) });
  }

  async get(userId: string, spaceId: string): Promise<Result<Space>> {
    const found = await this.membership(userId, spaceId);
    if (!found.ok) return found;
    return ok(toSpace(found.value.space, found.value.role, await this.repository.countMembers({ spaceId })));
  }

  async update(userId: string, spaceId: string, input: UpdateSpaceRequest): Promise<Result<Space>> {
    const found = await this.membership(userId, spaceId);
    if (!found.ok) return found;
    if (!canManageMembers(found.value.role)) return fail('FORBIDDEN', 'Only admins can change the space');
    const row = await this.repository.updateSpace({ id: spaceId, fields: input });
    return ok(toSpace(row, found.value.role, await this.repository.countMembers({ spaceId })));
  }

  async remove(userId: string, spaceId: string): Promise<Result<void>> {
    const found = await this.membership(userId, spaceId);
    if (!found.ok) return found;
    if (!canDeleteSpace(found.value.role)) return fail('FORBIDDEN', 'Only the owner can delete the space');
    await this.repository.deleteSpace({ id: spaceId });
    // Its conversations go back to their creators' own lists (the foreign key sets space_id null).
    this.lists.forgetEveryone();
    return ok(undefined);
  }

  async members(userId: string, spaceId: string): Promise<Result<{ items: SpaceMember[] }>> {
    const found = await this.membership(userId, spaceId);
    if (!found.ok) return found;
    const rows = await this.repository.listMembers({ spaceId });
    return ok({
      items: rows.map((r) => ({
        userId: r.member.userId,
        name: r.name,
        email: r.email,
        role: r.member.role,
        status: r.member.status,
        invitedAt: r.member.invitedAt.toISOString(),
      })),
    });
  }

  /**
   * Invites an account by email; it stays pending until that person answers. An unknown email is
   * answered like a known one, so the invitation form cannot be used to probe for accounts.
   */
  async invite(userId: string, spaceId: string, input: InviteRequest): Promise<Result<{ status: 'pending' }>> {
    const found = await this.membership(userId, spaceId);
    if (!found.ok) return found;
    if (!canChangeMember(found.value.role, 'viewer', input.role)) return fail('FORBIDDEN', 'You cannot invite with this role');
    const inviteeId = await this.repository.findUserIdByEmail({ email: input.email });
    if (inviteeId) {
      const existing = await this.repository.findMember({ spaceId, userId: inviteeId });
      if (existing && existing.status !== 'declined') return fail('CONFLICT', 'This person is already a member or invited');
      await this.repository.invite({ spaceId, userId: inviteeId, role: input.role, invitedBy: userId });
    }
    return ok({ status: 'pending' });
  }

  async invitations(userId: string): Promise<Result<{ items: SpaceInvitation[] }>> {
    const rows = await this.repository.listInvitations({ userId });
    return ok({
      items: rows.map((r) => ({
        spaceId: r.member.spaceId,
        spaceName: r.spaceName,
        role: r.member.role,
        invitedBy: r.member.invitedBy,
        invitedAt: r.member.invitedAt.toISOString(),
      })),
    });
  }

  async respond(userId: string, spaceId: string, accept: boolean): Promise<Result<{ status: 'accepted' | 'declined' }>> {
    const member = await this.repository.findMember({ spaceId, userId });
    if (!member || member.status !== 'pending') return fail('NOT_FOUND', 'Invitation not found');
    const status = accept ? 'accepted' : 'declined';
    await this.repository.setMember({ spaceId, userId, fields: { status, respondedAt: new Date() } });
    return ok({ status });
  }

  async changeRole(userId: string, spaceId: string, memberId: string, role: SpaceRole): Promise<Result<void>> {
    const target = await this.target(userId, spaceId, memberId);
    if (!target.ok) return target;
    if (!canChangeMember(target.value.actor, target.value.current, role)) return fail('FORBIDDEN', 'You cannot give this role');
    await this.repository.setMember({ spaceId, userId: memberId, fields: { role } });
    return ok(undefined);
  }

  /** Removes a member, or lets a member leave (their own id). The owner cannot leave. */
  async removeMember(userId: string, spaceId: string, memberId: string): Promise<Result<void>> {
    const target = await this.target(userId, spaceId, memberId);
    if (!target.ok) return target;
    const leaving = memberId === userId;
    if (leaving ? target.value.current === 'owner' : !canChangeMember(target.value.actor, target.value.current, null)) {
      return fail('FORBIDDEN', leaving ? 'The owner cannot leave; delete the space instead' : 'You cannot remove this member');
    }
    await this.repository.removeMember({ spaceId, userId: memberId });
    return ok(undefined);
  }

  private async target(userId: string, spaceId: string, memberId: string): Promise<Result<{ actor: SpaceRole; current: SpaceRole }>> {
    const found = await this.membership(userId, spaceId);
    if (!found.ok) return found;
    const member = await this.repository.findMember({ spaceId, userId: memberId });
    if (!member) return fail('NOT_FOUND', 'Member not found');
    return ok({ actor: found.value.role, current: member.role });
  }

  private async membership(userId: string, spaceId: string): Promise<Result<{ space: SpaceRow; role: SpaceRole }>> {
    const role = await this.repository.roleIn({ spaceId, userId });
    const space = role ? await this.repository.findSpace({ id: spaceId }) : null;
    return role && space ? ok({ space, role }) : fail('NOT_FOUND', NOT_FOUND);
  }
}
