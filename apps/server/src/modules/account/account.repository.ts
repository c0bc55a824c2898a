import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database';
import { refreshTokens, users } from '../../db/schema';

export type UserRow = typeof users.$inferSelect;

/** Postgres' unique_violation, however the driver wraps it. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

@Injectable()
export class AccountRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async findUser({ id }: { id: string }): Promise<UserRow | null> {
    const [row] = await this.db.select().from(users).where(eq(users.id, id)).limit(1);
    return row ?? null;
  }

  async setName({ id, name }: { id: string; name: string }): Promise<UserRow | null> {
    const [row] = await this.db.update(users).set({ name }).where(eq(users.id, id)).returning();
    return row ?? null;
  }

  /** `'taken'` when another account has the email (the unique index on lower(email) decides, race-free). */
  async setEmail({ id, email }: { id: string; email: string }): Promise<UserRow | null | 'taken'> {
    try {
      const [row] = await this.db.update(users).set({ email }).where(eq(users.id, id)).returning();
      return row ?? null;
    } catch (error) {
      if (isUniqueViolation(error)) return 'taken';
      throw error;
    }
  }

  /** The new password and the end of every other session, together. */
  async setPassword({ id, passwordHash, keepSessionId }: { id: string; passwordHash: string; keepSessionId: string | null }): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash }).where(eq(users.id, id));
      await tx
        .update(refreshTokens)
        .set({ revokedAt: new Date() })
        .where(
          and(
            eq(refreshTokens.userId, id),
            isNull(refreshTokens.revokedAt),
            keepSessionId ? ne(refreshTokens.familyId, keepSessionId) : undefined,
          ),
        );
    });
  }

  /**
   * Sessions that can still be refreshed: families whose newest token is neither used, revoked nor
   * expired. The newest token tells when and from where the session was last used.
   */
  listSessions({ userId }: { userId: string }) {
    const newest = (column: typeof refreshTokens.userAgent | typeof refreshTokens.ip) =>
      sql<string | null>`(array_agg(${column} order by ${refreshTokens.createdAt} desc))[1]`;
    return this.db
      .select({
        id: refreshTokens.familyId,
        createdAt: sql<Date>`min(${refreshTokens.createdAt})`.mapWith(refreshTokens.createdAt),
        lastUsedAt: sql<Date>`max(${refreshTokens.createdAt})`.mapWith(refreshTokens.createdAt),
        expiresAt: sql<Date>`max(${refreshTokens.expiresAt})`.mapWith(refreshTokens.expiresAt),
        userAgent: newest(refreshTokens.userAgent),
        ip: newest(refreshTokens.ip),
      })
      .from(refreshTokens)
      .where(eq(refreshTokens.userId, userId))
      .groupBy(refreshTokens.familyId)
      .having(
        sql`bool_or(${refreshTokens.usedAt} is null and ${refreshTokens.revokedAt} is null and ${refreshTokens.expiresAt} > now())`,
      )
      .orderBy(desc(sql`max(${refreshTokens.createdAt})`));
  }

  /** False when the user has no such session (or it was already revoked). */
  async revokeSession({ userId, sessionId }: { userId: string; sessionId: string }): Promise<boolean> {
    const rows = await this.db
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(refreshTokens.userId, userId), eq(refreshTokens.familyId, sessionId), isNull(refreshTokens.revokedAt)))
      .returning({ id: refreshTokens.id });
    return rows.length > 0;
  }

  /** Revokes every session but `keepSessionId` (all of them when it is null); how many sessions ended. */
  async revokeOtherSessions({ userId, keepSessionId }: { userId: string; keepSessionId: string | null }): Promise<number> {
    const rows = await this.db
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(refreshTokens.userId, userId),
          isNull(refreshTokens.revokedAt),
          keepSessionId ? ne(refreshTokens.familyId, keepSessionId) : undefined,
        ),
      )
      .returning({ familyId: refreshTokens.familyId, usedAt: refreshTokens.usedAt, expiresAt: refreshTokens.expiresAt });
    // Count the sessions that were alive, not the long-expired families swept up with them.
    const now = Date.now();
    return new Set(rows.filter((r) => !r.usedAt && r.expiresAt.getTime() > now).map((r) => r.familyId)).size;
  }
}
