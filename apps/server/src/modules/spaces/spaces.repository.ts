import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { SpaceRole } from '@mana/contracts';
import { DATABASE, type Database } from '../../db/database';
import { spaceMembers, spaces, users } from '../../db/schema';

export type SpaceRow = typeof spaces.$inferSelect;
export type MemberRow = typeof spaceMembers.$inferSelect;

@Injectable()
export class SpacesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The caller's accepted role in a space, or null: non-members see nothing of it. */
  async roleIn({ spaceId, userId }: { spaceId: string; userId: string }): Promise<SpaceRole | null> {
    const [row] = await this.db
      .select({ role: spaceMembers.role })
      .from(spaceMembers)
      .where(and(eq(spaceMembers.spaceId, spaceId), eq(spaceMembers.userId, userId), eq(spaceMembers.status, 'accepted')))
      .limit(1);
    return row?.role ?? null;
  }

  async createSpace(input: { ownerId: string; name: string; description: string | null }): Promise<SpaceRow> {
    return this.db.transaction(async (tx) => {
      const [space] = await tx.insert(spaces).values(input).returning();
      await tx.insert(spaceMembers).values({ spaceId: space.id, userId: input.ownerId, role: 'owner', status: 'accepted', respondedAt: new Date() });
      return space;
    });
  }

  async findSpace({ id }: { id: string }): Promise<SpaceRow | null> {
    const [row] = await this.db.select().from(spaces).where(eq(spaces.id, id)).limit(1);
    return row ?? null;
  }

  /** Spaces the user belongs to, with their role and the number of accepted members. */
  listSpacesOf({ userId }: { userId: string }) {
    const memberCount = sql<number>`(select count(*)::int from space_members m where m.space_id = ${spaces.id} and m.status = 'accepted')`;
    return this.db
      .select({ space: spaces, role: spaceMembers.role, memberCount })
      .from(spaceMembers)
      .innerJoin(spaces, eq(spaces.id, spaceMembers.spaceId))
      .where(and(eq(spaceMembers.userId, userId), eq(spaceMembers.status, 'accepted')))
      .orderBy(asc(spaces.name));
  }

  async countMembers({ spaceId }: { spaceId: string }): Promise<number> {
    const [{ n }] = await this.db
      .select({ n: count() })
      .from(spaceMembers)
      .where(and(eq(spaceMembers.spaceId, spaceId), eq(spaceMembers.status, 'accepted')));
    return n;
  }

  async updateSpace({ id, fields }: { id: string; fields: Partial<Pick<SpaceRow, 'name' | 'description'>> }): Promise<SpaceRow> {
    const [row] = await this.db.update(spaces).set({ ...fields, updatedAt: new Date() }).where(eq(spaces.id, id)).returning();
    return row;
  }

  /** Members go with it (cascade); its conversations become their creators' own again (set null). */
  async deleteSpace({ id }: { id: string }) {
    await this.db.delete(spaces).where(eq(spaces.id, id));
  }

  listMembers({ spaceId }: { spaceId: string }) {
    return this.db
      .select({ member: spaceMembers, name: users.name, email: users.email })
      .from(spaceMembers)
      .innerJoin(users, eq(users.id, spaceMembers.userId))
      .where(eq(spaceMembers.spaceId, spaceId))
      .orderBy(asc(spaceMembers.invitedAt));
  }

  async findMember({ spaceId, userId }: { spaceId: string; userId: string }): Promise<MemberRow | null> {
    const [row] = await this.db
      .select()
      .from(spaceMembers)
      .where(and(eq(spaceMembers.spaceId, spaceId), eq(spaceMembers.userId, userId)))
      .limit(1);
    return row ?? null;
  }

  async findUserIdByEmail({ email }: { email: string }): Promise<string | null> {
    const [row] = await this.db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = lower(${email})`).limit(1);
    return row?.id ?? null;
  }

  /** A new invitation, or a fresh one replacing a declined one. */
  async invite(input: { spaceId: string; userId: string; role: SpaceRole; invitedBy: string }) {
    await this.db
      .insert(spaceMembers)
      .values({ ...input, status: 'pending' })
      .onConflictDoUpdate({
        target: [spaceMembers.spaceId, spaceMembers.userId],
        set: { role: input.role, status: 'pending', invitedBy: input.invitedBy, invitedAt: new Date(), respondedAt: null },
      });
  }

  listInvitations({ userId }: { userId: string }) {
    return this.db
      .select({ member: spaceMembers, spaceName: spaces.name })
      .from(spaceMembers)
      .innerJoin(spaces, eq(spaces.id, spaceMembers.spaceId))
      .where(and(eq(spaceMembers.userId, userId), eq(spaceMembers.status, 'pending')))
      .orderBy(asc(spaceMembers.invitedAt));
  }

  async setMember({ spaceId, userId, fields }: { spaceId: string; userId: string; fields: Partial<Pick<MemberRow, 'role' | 'status' | 'respondedAt'>> }) {
    await this.db.update(spaceMembers).set(fields).where(and(eq(spaceMembers.spaceId, spaceId), eq(spaceMembers.userId, userId)));
  }

  async removeMember({ spaceId, userId }: { spaceId: string; userId: string }) {
    await this.db.delete(spaceMembers).where(and(eq(spaceMembers.spaceId, spaceId), eq(spaceMembers.userId, userId)));
  }
}
