import { Injectable } from '@nestjs/common';
import { fail, ok, type Result } from '@mana/contracts';
import { SpendRepository } from './spend.repository';

/** The first instant of this calendar month, UTC: spending limits count from here. */
export function monthStart(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

export function nextMonthStart(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

/**
 * The monthly spending limit an admin may set on an account. A generation is refused once this
 * month's usage has reached it (a limit of 0 refuses every generation); the reply that crosses the
 * limit is allowed to finish.
 */
@Injectable()
export class SpendLimits {
  constructor(private readonly repository: SpendRepository) {}

  async check(userId: string): Promise<Result<void>> {
    const state = await this.repository.findLimitAndSpend({ userId, since: monthStart() });
    if (!state || state.limitUsd === null || state.spentUsd < state.limitUsd) return ok(undefined);
    const resetsAt = nextMonthStart();
    return fail(
      'SPEND_LIMIT_REACHED',
      `You have reached your monthly spending limit of $${state.limitUsd.toFixed(2)}; it resets on ${resetsAt.toISOString().slice(0, 10)}`,
      { limitUsd: state.limitUsd, spentUsd: state.spentUsd, resetsAt: resetsAt.toISOString() },
    );
  }
}
