import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gte, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database';
import { usageLogs, users } from '../../db/schema';

/** The limit and, only when there is one, the spend since `since`: prepared once, not rebuilt per lookup. */
function prepareLimitAndSpend(db: Database) {
  // Columns inside the subquery are named through an alias: drizzle leaves a lone table's columns unqualified.
  const spent = sql<number>`case when "users"."monthly_spend_limit_usd" is null then 0 else (
    select coalesce(sum(l.cost_usd), 0)::float8 from ${usageLogs} l
    where l.user_id = "users"."id" and l.created_at >= ${sql.placeholder('since')}::timestamptz) end`;
  return db
    .select({ limitUsd: users.monthlySpendLimitUsd, spentUsd: spent })
    .from(users)
    .where(eq(users.id, sql.placeholder('userId')))
    .limit(1)
    .prepare('spend_limit_and_spend');
}

@Injectable()
export class SpendRepository {
  private readonly limitAndSpend: ReturnType<typeof prepareLimitAndSpend>;

  constructor(@Inject(DATABASE) private readonly db: Database) {
    this.limitAndSpend = prepareLimitAndSpend(db);
  }

  /** The user's limit, and what they spent since `since` (only summed when there is a limit). */
  async findLimitAndSpend({ userId, since }: { userId: string; since: Date }): Promise<{ limitUsd: number | null; spentUsd: number } | null> {
    const [row] = await this.limitAndSpend.execute({ userId, since: since.toISOString() });
    return row ? { limitUsd: row.limitUsd, spentUsd: Number(row.spentUsd) } : null;
  }

  async spendSince({ userId, since }: { userId: string; since: Date }): Promise<number> {
    const [row] = await this.db
      .select({ spent: sql<number>`coalesce(sum(${usageLogs.costUsd}), 0)::float8` })
      .from(usageLogs)
      .where(and(eq(usageLogs.userId, userId), gte(usageLogs.createdAt, since)));
    return Number(row?.spent ?? 0);
  }
}
