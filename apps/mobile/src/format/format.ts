import type { Language, Translate } from '@/i18n/i18n';

const localeOf = (language: Language) => (language === 'de' ? 'de-DE' : 'en-US');

function currency(value: number, language: Language, minDigits: number, maxDigits: number): string {
  try {
    return new Intl.NumberFormat(localeOf(language), {
      style: 'currency',
      currency: 'USD',
      minimumFractionDigits: minDigits,
      maximumFractionDigits: maxDigits,
    }).format(value);
  } catch {
    // Engines built without Intl still get a readable amount.
    const text = value.toFixed(maxDigits).replace(/(\.\d*?[1-9])0+$|\.0+$/, '$1');
    return language === 'de' ? `${text.replace('.', ',')} $` : `$${text}`;
  }
}

/** USD with enough digits that a fraction of a cent stays visible: $0.00042, $0.012, $1.23, $0. */
export function formatCost(usd: number | null | undefined, language: Language): string {
  const value = usd ?? 0;
  if (value === 0) return currency(0, language, 0, 0);
  const digits = value >= 1 ? 2 : value >= 0.01 ? 3 : Math.min(8, 3 - Math.floor(Math.log10(value)));
  return currency(value, language, 2, digits);
}

/** A model price per 1M tokens: $15, $2.50, $0.60, $0.075. */
export function formatPrice(usdPerMillion: number, language: Language): string {
  return currency(usdPerMillion, language, Number.isInteger(usdPerMillion) ? 0 : 2, usdPerMillion < 1 ? 3 : 2);
}

/** 128000 → 128K, 1048576 → 1M. */
export function formatCompact(n: number): string {
  if (n >= 1_000_000) return `${trim(n / 1_000_000)}M`;
  if (n >= 1_000) return `${trim(n / 1_000)}K`;
  return String(n);
}

const trim = (n: number) => (n >= 100 ? Math.round(n).toString() : n.toFixed(1).replace(/\.0$/, ''));

export function formatNumber(n: number, language: Language): string {
  try {
    return new Intl.NumberFormat(localeOf(language)).format(n);
  } catch {
    return String(n);
  }
}

/** "now", "5 min", "3 h", "yesterday", "4 d", then a date: short enough for a list row. */
export function formatRelative(iso: string, t: Translate, language: Language, now = Date.now()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '';
  const minutes = Math.floor((now - then) / 60_000);
  if (minutes < 1) return t('time.now');
  if (minutes < 60) return t('time.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('time.hours', { n: hours });
  const days = Math.floor(hours / 24);
  if (days === 1) return t('time.yesterday');
  if (days < 7) return t('time.days', { n: days });
  const date = new Date(then);
  return language === 'de' ? `${date.getDate()}.${date.getMonth() + 1}.` : `${date.getMonth() + 1}/${date.getDate()}`;
}
