import { describe, expect, it } from 'vitest';
import { monthStart, nextMonthStart, SpendLimits } from './spend-limits';
import type { SpendRepository } from './spend.repository';

const limits = (state: { limitUsd: number | null; spentUsd: number } | null) =>
  new SpendLimits({ findLimitAndSpend: async () => state } as unknown as SpendRepository);

describe('monthly spending limits', () => {
  it('count calendar months in UTC', () => {
    const lateOnTheLastDay = new Date('2026-11-30T23:59:59.999Z');
    expect(monthStart(lateOnTheLastDay).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(nextMonthStart(lateOnTheLastDay).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(nextMonthStart(new Date('2026-12-15T00:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('allow a user without a limit, or below it, or without an account row', async () => {
    expect((await limits({ limitUsd: null, spentUsd: 999 }).check('u')).ok).toBe(true);
    expect((await limits({ limitUsd: 5, spentUsd: 4.99 }).check('u')).ok).toBe(true);
    expect((await limits(null).check('external-sub')).ok).toBe(true);
  });

  it('refuse once the limit is reached, saying when it resets', async () => {
    const result = await limits({ limitUsd: 5, spentUsd: 5 }).check('u');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('SPEND_LIMIT_REACHED');
    expect(result.error.status).toBe(402);
    expect(result.error.message).toContain('$5.00');
    expect(result.error.details).toMatchObject({ limitUsd: 5, spentUsd: 5, resetsAt: nextMonthStart().toISOString() });
  });

  it('treat a limit of 0 as no generations at all', async () => {
    expect((await limits({ limitUsd: 0, spentUsd: 0 }).check('u')).ok).toBe(false);
  });
});
