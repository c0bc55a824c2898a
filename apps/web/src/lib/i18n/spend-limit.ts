import { formatCost, formatDate } from '../format';

/**
 * The second sentence of a `SPEND_LIMIT_REACHED` refusal: which limit and when it resets (the
 * server's `details.limitUsd` and `details.resetsAt`); empty when the details are missing.
 */
export function spendLimitResets(details: unknown, t: (key: 'account.spendLimitResets', params: Record<string, string>) => string): string {
  const { limitUsd, resetsAt } = (details ?? {}) as { limitUsd?: unknown; resetsAt?: unknown };
  if (typeof limitUsd !== 'number' || typeof resetsAt !== 'string') return '';
  return ` ${t('account.spendLimitResets', { limit: formatCost(limitUsd), date: formatDate(resetsAt, { dateStyle: 'long', timeZone: 'UTC' }) })}`;
}
