import { translator } from '@/i18n/i18n';
import { formatCompact, formatCost, formatPrice, formatRelative } from './format';

describe('formatting', () => {
  it('shows fractions of a cent', () => {
    expect(formatCost(0, 'en')).toBe('$0');
    expect(formatCost(0.00042, 'en')).toBe('$0.00042');
    expect(formatCost(0.0123, 'en')).toBe('$0.012');
    expect(formatCost(1.5, 'en')).toBe('$1.50');
    expect(formatCost(0.00042, 'de')).toMatch(/^0,00042\s\$$/);
  });

  it('prices and sizes', () => {
    expect(formatPrice(0.15, 'en')).toBe('$0.15');
    expect(formatPrice(15, 'en')).toBe('$15');
    expect(formatPrice(0.6, 'en')).toBe('$0.60');
    expect(formatPrice(0.075, 'en')).toBe('$0.075');
    expect(formatCompact(128_000)).toBe('128K');
    expect(formatCompact(1_048_576)).toBe('1M');
  });

  it('relative times for list rows', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    const t = translator('en');
    expect(formatRelative('2026-11-24T11:59:30Z', t, 'en', now)).toBe('now');
    expect(formatRelative('2026-11-24T11:15:00Z', t, 'en', now)).toBe('45 min');
    expect(formatRelative('2026-11-23T10:00:00Z', t, 'en', now)).toBe('yesterday');
    expect(formatRelative('2026-11-01T10:00:00Z', t, 'en', now)).toBe('11/1');
    expect(formatRelative('2026-11-01T10:00:00Z', translator('de'), 'de', now)).toBe('1.11.');
  });
});
