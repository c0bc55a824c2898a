import { settings } from './stores/settings.svelte';

const locale = () => (settings.language === 'de' ? 'de-DE' : 'en-US');

// Building an Intl formatter costs far more than using one, and a page of messages formats
// hundreds of numbers: keep one per locale and options.
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale()} ${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale(), options)));
  return format;
}

/** USD with enough digits that a tenth of a cent is still visible: $0.00042, $1.23, $0. */
export function formatCost(usd: number | null | undefined): string {
  const value = usd ?? 0;
  if (value === 0) return numberFormat({ style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(0);
  const digits = value >= 1 ? 2 : value >= 0.01 ? 3 : Math.min(8, 2 - Math.floor(Math.log10(value)) + 1);
  return numberFormat({ style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: digits }).format(value);
}

/** Price per 1M tokens, e.g. $0.15 or $15. */
export function formatPrice(usdPerMillion: number): string {
  return numberFormat({ style: 'currency', currency: 'USD', minimumFractionDigits: 0, maximumFractionDigits: usdPerMillion < 1 ? 3 : 2 }).format(usdPerMillion);
}

export function formatNumber(n: number): string {
  return numberFormat().format(n);
}

/** 128000 → 128K, 1048576 → 1M. */
export function formatCompact(n: number): string {
  return numberFormat({ notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

export function formatDate(iso: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // A bare day (the server's UTC usage days) is that day everywhere, not the evening before in New York.
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  return new Intl.DateTimeFormat(locale(), dayOnly ? { timeZone: 'UTC', ...options } : options).format(date);
}

/** "3 min ago", "gestern", … */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  const steps: [number, Intl.RelativeTimeFormatUnit][] = [
    [60, 'second'],
    [3600, 'minute'],
    [86400, 'hour'],
    [604800, 'day'],
    [2629800, 'week'],
    [31557600, 'month'],
  ];
  let unitSeconds = 1;
  for (const [limit, unit] of steps) {
    if (Math.abs(seconds) < limit) return rtf.format(Math.round(seconds / unitSeconds), unit);
    unitSeconds = limit;
  }
  return rtf.format(Math.round(seconds / 31557600), 'year');
}

