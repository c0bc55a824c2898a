import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database';
import { refreshTokens, users } from '../../db/schema';

export type UserRow = typeof users.$inferSelect;
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

@Injectable()
export class AuthRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async findUserByEmail({ email }: { email: string }): Promise<UserRow | null> {
    const [row] = await this.db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = lower(${email})`)
      .limit(1);
    return row ?? null;
  }

  /** The first account created: the admin when ADMIN_EMAILS is not set. */
  async findFirstUser(): Promise<UserRow | null> {
    const [row] = await this.db.select().from(users).orderBy(asc(users.createdAt), asc(users.id)).limit(1);
    return row ?? null;
  }

  async findUserById({ id }: { id: string }): Promise<UserRow | null> {
    const [row] = await this.db.select().from(users).where(eq(users.id, id)).limit(1);
    return row ?? null;
  }

  /** Null when the email is taken (the unique index on lower(email) decides, race-free). */
  async createUser(input: { email: string; name: string; passwordHash: string }): Promise<UserRow | null> {
    const [row] = await this.db.insert(users).values(input).onConflictDoNothing().returning();
    return row ?? null;
  }

  async saveRefreshToken(input: {
    userId: string;
    familyId: string;
    tokenHash: string;
    expiresAt: Date;
    userAgent: string | null;
    ip: string | null;
  }) {
    await this.db.insert(refreshTokens).values(input);
  }

  async findRefreshToken({ tokenHash }: { tokenHash: string }): Promise<RefreshTokenRow | null> {
    const [row] = await this.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).limit(1);
    return row ?? null;
  }

  /** Marks a token used; false when another request used it first (a replay). */
  async markRefreshTokenUsed({ id }: { id: string }): Promise<boolean> {
    const rows = await this.db
      .update(refreshTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)))
      .returning({ id: refreshTokens.id });
    return rows.length === 1;
  }

  /**
   * What the guard needs to know about a token's account in one round trip: null when the account
   * does not exist; `sessionLive` is whether the sign-in still has a token that was not revoked.
   */
  async findAccessState({ userId, sessionId }: { userId: string; sessionId: string | null }) {
    const sessionLive = sessionId
      ? sql<boolean>`exists (select 1 from ${refreshTokens} r where r.family_id = ${sessionId}::uuid and r.user_id = "users"."id" and r.revoked_at is null)`
      : sql<boolean>`true`;
    const [row] = await this.db.select({ disabledAt: users.disabledAt, sessionLive }).from(users).where(eq(users.id, userId)).limit(1);
    return row ?? null;
  }

  async revokeFamily({ familyId }: { familyId: string }) {
    await this.db
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
  }
}
