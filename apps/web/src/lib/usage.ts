import type { UsageSummary } from '@mana/contracts';

const DAY_MS = 86_400_000;

/** YYYY-MM-DD of a date in UTC (the server counts days in UTC). */
export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** The inclusive period ending today with `days` days. */
/** A usage period: the last 7, 30 or 90 days, or dates of one's own. */
export type PeriodPreset = 7 | 30 | 90 | 'custom';

export function lastDays(days: number, today = new Date()): { from: string; to: string } {
  const to = new Date(isoDay(today));
  return { from: isoDay(new Date(to.getTime() - (days - 1) * DAY_MS)), to: isoDay(to) };
}

export type DayCost = { day: string; costUsd: number; generations: number };

/** One entry per day of the period, days without usage included (as zero), oldest first. */
export function everyDay(summary: Pick<UsageSummary, 'from' | 'to' | 'byDay'>): DayCost[] {
  const byDay = new Map(summary.byDay.map((d) => [d.day.slice(0, 10), d]));
  const days: DayCost[] = [];
  const end = new Date(summary.to).getTime();
  for (let t = new Date(summary.from).getTime(); t <= end && days.length < 400; t += DAY_MS) {
    const day = isoDay(new Date(t));
    const found = byDay.get(day);
    days.push({ day, costUsd: found?.costUsd ?? 0, generations: found?.generations ?? 0 });
  }
  return days;
}

/** A round axis maximum a little above the largest value (so bars never touch the top). */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const exponent = Math.floor(Math.log10(value));
  const base = 10 ** exponent;
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * base) return step * base;
  return 10 * base;
}
