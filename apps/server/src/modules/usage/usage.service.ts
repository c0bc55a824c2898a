import { Injectable } from '@nestjs/common';
import { fail, ok, type Result, type UsageQuery, type UsageSummary } from '@mana/contracts';
import { UsageLog } from './usage-log';
import { UsageRepository } from './usage.repository';

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 366;

/** `from`/`to` are inclusive UTC dates; the default is the last 30 days. */
export function usageRange(query: UsageQuery): Result<{ from: Date; to: Date; fromDay: string; toDay: string }> {
  const today = new Date(new Date().toISOString().slice(0, 10));
  const to = query.to ? new Date(query.to) : today;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 29 * DAY_MS);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return fail('VALIDATION', 'Invalid date');
  if (from > to) return fail('VALIDATION', '`from` must not be after `to`', { fields: [{ path: 'from', message: 'after to' }] });
  if ((to.getTime() - from.getTime()) / DAY_MS > MAX_RANGE_DAYS) return fail('VALIDATION', `A period is at most ${MAX_RANGE_DAYS} days`);
  return ok({ from, to: new Date(to.getTime() + DAY_MS), fromDay: from.toISOString().slice(0, 10), toDay: to.toISOString().slice(0, 10) });
}

type Totals = { promptTokens: number; completionTokens: number; costUsd: number; generations: number };

/** The grand total of per-model (or per-day) totals. */
export function sumUsage(rows: Totals[]): Totals {
  return rows.reduce(
    (sum, m) => ({
      promptTokens: sum.promptTokens + m.promptTokens,
      completionTokens: sum.completionTokens + m.completionTokens,
      costUsd: sum.costUsd + m.costUsd,
      generations: sum.generations + m.generations,
    }),
    { promptTokens: 0, completionTokens: 0, costUsd: 0, generations: 0 },
  );
}

const csvCell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  // Quote, and defuse spreadsheet formulas (a cell starting with = + - @).
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

@Injectable()
export class UsageService {
  constructor(
    private readonly repository: UsageRepository,
    private readonly log: UsageLog,
  ) {}

  async summary(userId: string, query: UsageQuery): Promise<Result<UsageSummary>> {
    const range = usageRange(query);
    if (!range.ok) return range;
    const { from, to, fromDay, toDay } = range.value;
    // Rows still waiting in this process's batch are part of the answer.
    if (this.log.hasUnwritten(userId)) await this.log.flush();
    const [byModel, byDay] = await Promise.all([
      this.repository.totalsByModel({ userId, from, to }),
      this.repository.totalsByDay({ userId, from, to }),
    ]);
    return ok({ from: fromDay, to: toDay, totals: sumUsage(byModel), byModel, byDay });
  }

  async csv(userId: string, query: UsageQuery): Promise<Result<string>> {
    const range = usageRange(query);
    if (!range.ok) return range;
    if (this.log.hasUnwritten(userId)) await this.log.flush();
    const rows = await this.repository.listUsage({ userId, from: range.value.from, to: range.value.to });
    const lines = ['created_at,model_id,source,conversation_id,message_id,prompt_tokens,completion_tokens,cost_usd'];
    for (const r of rows) {
      lines.push(
        [r.createdAt.toISOString(), r.modelId, r.source, r.conversationId, r.messageId, r.promptTokens, r.completionTokens, r.costUsd]
          .map(csvCell)
          .join(','),
      );
    }
    return ok(`${lines.join('\n')}\n`);
  }
}
