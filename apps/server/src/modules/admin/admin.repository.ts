import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, desc, eq, gte, ilike, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { AdminModelsQuery, AdminUsersQuery } from '@mana/contracts';
import { DATABASE, type Database } from '../../db/database';
import { aiModels, conversations, messages, refreshTokens, usageLogs, users } from '../../db/schema';

export type AiModelRow = typeof aiModels.$inferSelect;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const totals = {
  promptTokens: sql<number>`coalesce(sum(${usageLogs.promptTokens}), 0)::int`,
  completionTokens: sql<number>`coalesce(sum(${usageLogs.completionTokens}), 0)::int`,
  costUsd: sql<number>`coalesce(sum(${usageLogs.costUsd}), 0)::float8`,
  generations: sql<number>`count(*)::int`,
};
const day = sql<string>`to_char(${usageLogs.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;

/** Instance-wide reads and writes for the admin pages: every user's rows, the whole model catalog. */
@Injectable()
export class AdminRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  // ---- models ----------------------------------------------------------------------------------

  listModels(query: AdminModelsQuery): Promise<AiModelRow[]> {
    const filters: SQL[] = [];
    if (query.q) {
      const like = `%${escapeLike(query.q)}%`;
      filters.push(or(ilike(aiModels.id, like), ilike(aiModels.name, like))!);
    }
    if (query.provider) filters.push(eq(aiModels.provider, query.provider));
    if (query.active !== undefined) filters.push(eq(aiModels.isActive, query.active));
    return this.db
      .select()
      .from(aiModels)
      .where(and(...filters))
      .orderBy(desc(aiModels.isDefault), desc(aiModels.isActive), asc(aiModels.provider), asc(aiModels.name), asc(aiModels.id));
  }

  async findModel({ id }: { id: string }): Promise<AiModelRow | null> {
    const [row] = await this.db.select().from(aiModels).where(eq(aiModels.id, id)).limit(1);
    return row ?? null;
  }

  /** Applies an admin's choice; a new default replaces the old one in the same transaction. */
  async updateModel({ id, isActive, isDefault }: { id: string; isActive?: boolean; isDefault?: true }): Promise<AiModelRow | null> {
    return this.db.transaction(async (tx) => {
      if (isDefault) await tx.update(aiModels).set({ isDefault: false }).where(eq(aiModels.isDefault, true));
      const [row] = await tx
        .update(aiModels)
        .set({ ...(isActive === undefined ? {} : { isActive }), ...(isDefault ? { isDefault: true } : {}) })
        .where(eq(aiModels.id, id))
        .returning();
      return row ?? null;
    });
  }

  // ---- users -----------------------------------------------------------------------------------

  /** Users with this month's activity, one page; the numbers are computed per listed user. */
  async listUsers(query: AdminUsersQuery & { since: Date }) {
    const filters: SQL[] = [];
    if (query.q) {
      const like = `%${escapeLike(query.q)}%`;
      filters.push(or(ilike(users.email, like), ilike(users.name, like))!);
    }
    const where = and(...filters);
    const fields = this.userFields(query.since);
    const order: SQL[] = {
      newest: [desc(users.createdAt), asc(users.id)],
      email: [asc(sql`lower(${users.email})`), asc(users.id)],
      active: [sql`${fields.lastActiveAt} desc nulls last`, asc(users.id)],
      spend: [desc(fields.spendThisMonthUsd), desc(users.createdAt), asc(users.id)],
    }[query.sort];
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select({ user: users, ...fields })
        .from(users)
        .where(where)
        .orderBy(...order)
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ total: count() }).from(users).where(where),
    ]);
    return { rows, total: Number(total) };
  }

  async findUser({ id, since }: { id: string; since: Date }) {
    const [row] = await this.db
      .select({ user: users, ...this.userFields(since) })
      .from(users)
      .where(eq(users.id, id))
      .limit(1);
    return row ?? null;
  }

  /** Disabling also ends every session, in the same transaction. */
  async updateUser({ id, disabled, monthlySpendLimitUsd }: { id: string; disabled?: boolean; monthlySpendLimitUsd?: number | null }) {
    return this.db.transaction(async (tx) => {
      const now = new Date();
      const [row] = await tx
        .update(users)
        .set({
          ...(monthlySpendLimitUsd === undefined ? {} : { monthlySpendLimitUsd }),
          // Disabling an already disabled account keeps the time it was first disabled.
          ...(disabled === undefined ? {} : { disabledAt: disabled ? sql`coalesce(${users.disabledAt}, now())` : null }),
        })
        .where(eq(users.id, id))
        .returning({ id: users.id });
      if (!row) return false;
      if (disabled) {
        await tx.update(refreshTokens).set({ revokedAt: now }).where(and(eq(refreshTokens.userId, id), isNull(refreshTokens.revokedAt)));
      }
      return true;
    });
  }

  /** Per-user numbers as correlated subqueries; the outer row is named "users"."id" (drizzle leaves it unqualified). */
  private userFields(since: Date) {
    const from = sql`${since.toISOString()}::timestamptz`;
    const lastActiveAt = sql<Date | null>`greatest(
      (select max(c.last_message_at) from ${conversations} c where c.user_id = "users"."id"),
      (select max(r.created_at) from ${refreshTokens} r where r.user_id = "users"."id"),
      (select max(l.created_at) from ${usageLogs} l where l.user_id = "users"."id"))`.mapWith(users.createdAt);
    const messagesThisMonth = sql<number>`(select count(*)::int from ${messages} m join ${conversations} c on c.id = m.conversation_id
      where c.user_id = "users"."id" and m.role = 'user' and m.created_at >= ${from})`.mapWith(Number);
    const spendThisMonthUsd = sql<number>`(select coalesce(sum(l.cost_usd), 0)::float8 from ${usageLogs} l
      where l.user_id = "users"."id" and l.created_at >= ${from})`.mapWith(Number);
    return { lastActiveAt, messagesThisMonth, spendThisMonthUsd };
  }

  // ---- usage -----------------------------------------------------------------------------------

  async usage({ from, to }: { from: Date; to: Date }) {
    const range = and(gte(usageLogs.createdAt, from), lt(usageLogs.createdAt, to));
    const [byModel, byDay, byDayAndModel, topUsers, [{ activeUsers }]] = await Promise.all([
      this.db.select({ modelId: usageLogs.modelId, ...totals }).from(usageLogs).where(range).groupBy(usageLogs.modelId).orderBy(desc(totals.costUsd), asc(usageLogs.modelId)),
      this.db.select({ day, ...totals }).from(usageLogs).where(range).groupBy(day).orderBy(asc(day)),
      this.db
        .select({ day, modelId: usageLogs.modelId, ...totals })
        .from(usageLogs)
        .where(range)
        .groupBy(day, usageLogs.modelId)
        .orderBy(asc(day), asc(usageLogs.modelId)),
      this.db
        .select({ userId: usageLogs.userId, email: sql<string | null>`max(${users.email})`, name: sql<string | null>`max(${users.name})`, ...totals })
        .from(usageLogs)
        .leftJoin(users, eq(users.id, usageLogs.userId))
        .where(range)
        .groupBy(usageLogs.userId)
        .orderBy(desc(totals.costUsd), desc(totals.generations), asc(usageLogs.userId))
        .limit(50),
      this.db.select({ activeUsers: sql<number>`count(distinct ${usageLogs.userId})::int` }).from(usageLogs).where(range),
    ]);
    return { byModel, byDay, byDayAndModel, topUsers, activeUsers: Number(activeUsers) };
  }
}
