import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database';
import { usageLogs } from '../../db/schema';

export type UsageRow = typeof usageLogs.$inferInsert;

export interface UsageTotals {
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  generations: number;
}

const totals = {
  promptTokens: sql<number>`coalesce(sum(${usageLogs.promptTokens}), 0)::int`,
  completionTokens: sql<number>`coalesce(sum(${usageLogs.completionTokens}), 0)::int`,
  costUsd: sql<number>`coalesce(sum(${usageLogs.costUsd}), 0)::float8`,
  generations: sql<number>`count(*)::int`,
};

@Injectable()
export class UsageRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Many generations' rows in one statement. */
  /**
   * One statement whatever the batch size: each column travels as one array and `unnest` turns them
   * back into rows. A multi-row VALUES list would be built, sent and planned anew for every batch
   * (nine placeholders a row), which on the embedded database cost more than the rows themselves.
   */
  async insertUsage(rows: UsageRow[]) {
    if (rows.length === 0) return;
    const column = <T>(pick: (row: UsageRow) => T) => sql.param(rows.map(pick));
    await this.db.execute(sql`
      insert into ${usageLogs} (user_id, conversation_id, message_id, model_id, prompt_tokens, completion_tokens, cost_usd, source, created_at)
      select * from unnest(
        ${column((r) => r.userId)}::text[],
        ${column((r) => r.conversationId ?? null)}::uuid[],
        ${column((r) => r.messageId ?? null)}::uuid[],
        ${column((r) => r.modelId)}::text[],
        ${column((r) => r.promptTokens ?? 0)}::int[],
        ${column((r) => r.completionTokens ?? 0)}::int[],
        ${column((r) => r.costUsd ?? 0)}::numeric[],
        ${column((r) => r.source ?? 'chat')}::text[],
        ${column((r) => (r.createdAt ?? new Date()).toISOString())}::timestamptz[]
      )`);
  }

  private range(userId: string, from: Date, to: Date) {
    return and(eq(usageLogs.userId, userId), gte(usageLogs.createdAt, from), lt(usageLogs.createdAt, to));
  }

  async totalsByModel({ userId, from, to }: { userId: string; from: Date; to: Date }) {
    return this.db
      .select({ modelId: usageLogs.modelId, ...totals })
      .from(usageLogs)
      .where(this.range(userId, from, to))
      .groupBy(usageLogs.modelId)
      .orderBy(desc(sql`3`));
  }

  /** Days are UTC calendar days. */
  async totalsByDay({ userId, from, to }: { userId: string; from: Date; to: Date }) {
    const day = sql<string>`to_char(${usageLogs.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
    return this.db.select({ day, ...totals }).from(usageLogs).where(this.range(userId, from, to)).groupBy(day).orderBy(asc(day));
  }

  async listUsage({ userId, from, to }: { userId: string; from: Date; to: Date }) {
    return this.db.select().from(usageLogs).where(this.range(userId, from, to)).orderBy(asc(usageLogs.createdAt));
  }
}
