import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, eq, inArray, ne } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database';
import {
  apiKeys,
  conversations,
  documents,
  messages,
  passwordResets,
  refreshTokens,
  shares,
  spaceMembers,
  spaces,
  templates,
  usageLogs,
  users,
} from '../../db/schema';

export type SpaceHandover = { spaceId: string; action: 'delete' } | { spaceId: string; action: 'transfer'; transferTo: string };

/** Thrown inside the deletion transaction to roll it back when the data changed under it. */
export class DeletionConflict extends Error {}

/** Everything an account holds, read for its export and erased with it. */
@Injectable()
export class AccountDataRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  // ---- reading ---------------------------------------------------------------------------------

  listTemplates({ userId }: { userId: string }) {
    return this.db.select().from(templates).where(eq(templates.userId, userId)).orderBy(asc(templates.createdAt));
  }

  listUsage({ userId }: { userId: string }) {
    return this.db.select().from(usageLogs).where(eq(usageLogs.userId, userId)).orderBy(asc(usageLogs.createdAt), asc(usageLogs.id));
  }

  listApiKeys({ userId }: { userId: string }) {
    return this.db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(asc(apiKeys.createdAt));
  }

  listMemberships({ userId }: { userId: string }) {
    return this.db
      .select({ member: spaceMembers, space: spaces })
      .from(spaceMembers)
      .innerJoin(spaces, eq(spaces.id, spaceMembers.spaceId))
      .where(eq(spaceMembers.userId, userId))
      .orderBy(asc(spaceMembers.invitedAt));
  }

  /** Messages of the user's still running replies: they are stopped before the account goes. */
  async listRunningReplies({ userId }: { userId: string }): Promise<string[]> {
    const rows = await this.db
      .select({ id: messages.id })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(eq(conversations.userId, userId), inArray(messages.status, ['pending', 'streaming'])));
    return rows.map((r) => r.id);
  }

  // ---- deleting ---------------------------------------------------------------------------------

  /** Spaces the user owns, with the accepted members who could take each over. */
  async listOwnedSpaces({ userId }: { userId: string }) {
    const owned = await this.db.select().from(spaces).where(eq(spaces.ownerId, userId)).orderBy(asc(spaces.name));
    if (owned.length === 0) return [];
    const members = await this.db
      .select({ spaceId: spaceMembers.spaceId, userId: spaceMembers.userId, role: spaceMembers.role, name: users.name, email: users.email })
      .from(spaceMembers)
      .innerJoin(users, eq(users.id, spaceMembers.userId))
      .where(
        and(
          inArray(
            spaceMembers.spaceId,
            owned.map((s) => s.id),
          ),
          eq(spaceMembers.status, 'accepted'),
          ne(spaceMembers.userId, userId),
        ),
      )
      .orderBy(asc(spaceMembers.invitedAt));
    return owned.map((space) => ({ space, candidates: members.filter((m) => m.spaceId === space.id) }));
  }

  async countData({ userId }: { userId: string }) {
    const n = (q: Promise<{ n: number }[]>) => q.then(([row]) => Number(row?.n ?? 0));
    const [conversationCount, messageCount, templateCount, apiKeyCount, membershipCount] = await Promise.all([
      n(this.db.select({ n: count() }).from(conversations).where(eq(conversations.userId, userId))),
      n(
        this.db
          .select({ n: count() })
          .from(messages)
          .innerJoin(conversations, eq(conversations.id, messages.conversationId))
          .where(eq(conversations.userId, userId)),
      ),
      n(this.db.select({ n: count() }).from(templates).where(eq(templates.userId, userId))),
      n(this.db.select({ n: count() }).from(apiKeys).where(eq(apiKeys.userId, userId))),
      n(this.db.select({ n: count() }).from(spaceMembers).where(eq(spaceMembers.userId, userId))),
    ]);
    return { conversations: conversationCount, messages: messageCount, templates: templateCount, apiKeys: apiKeyCount, spaceMemberships: membershipCount };
  }

  /**
   * Erases the account in one transaction: its owned spaces are handed over or deleted as decided,
   * then every row that names the user goes. Conversations take their messages and documents with
   * them (foreign keys cascade); other users' usage rows that pointed at them keep their numbers.
   * Throws DeletionConflict (rolling everything back) when a space changed meanwhile.
   */
  async deleteAccount({ userId, spaceHandovers }: { userId: string; spaceHandovers: SpaceHandover[] }): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const handover of spaceHandovers) {
        if (handover.action === 'delete') {
          // Members' conversations in it become their own again (space_id is set null).
          await tx.delete(spaces).where(and(eq(spaces.id, handover.spaceId), eq(spaces.ownerId, userId)));
          continue;
        }
        const [heir] = await tx
          .update(spaceMembers)
          .set({ role: 'owner' })
          .where(
            and(
              eq(spaceMembers.spaceId, handover.spaceId),
              eq(spaceMembers.userId, handover.transferTo),
              eq(spaceMembers.status, 'accepted'),
            ),
          )
          .returning({ userId: spaceMembers.userId });
        if (!heir) throw new DeletionConflict(`${handover.transferTo} is no longer a member of space ${handover.spaceId}`);
        await tx
          .update(spaces)
          .set({ ownerId: handover.transferTo, updatedAt: new Date() })
          .where(and(eq(spaces.id, handover.spaceId), eq(spaces.ownerId, userId)));
      }
      const [{ n: stillOwned }] = await tx.select({ n: count() }).from(spaces).where(eq(spaces.ownerId, userId));
      if (Number(stillOwned) > 0) throw new DeletionConflict('the account owns a space nobody decided about');

      await tx.delete(shares).where(eq(shares.userId, userId));
      await tx.delete(conversations).where(eq(conversations.userId, userId));
      await tx.delete(usageLogs).where(eq(usageLogs.userId, userId));
      await tx.delete(templates).where(eq(templates.userId, userId));
      await tx.delete(apiKeys).where(eq(apiKeys.userId, userId));
      await tx.delete(spaceMembers).where(eq(spaceMembers.userId, userId));
      await tx.update(spaceMembers).set({ invitedBy: null }).where(eq(spaceMembers.invitedBy, userId));
      await tx.delete(refreshTokens).where(eq(refreshTokens.userId, userId));
      await tx.delete(passwordResets).where(eq(passwordResets.userId, userId));
      await tx.delete(users).where(eq(users.id, userId));
    });
  }
}

