import { describe, expect, it } from 'vitest';
import { formatCost, formatDate, formatDuration, formatNumber, formatPrice } from './format';
import { settings } from './stores/settings.svelte';
import { everyDay, lastDays, niceMax } from './usage';

describe('formatting', () => {
  it('shows small costs with enough digits and zero as $0', () => {
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(0.00042)).toBe('$0.00042');
    expect(formatCost(0.0031)).toBe('$0.0031');
    expect(formatCost(1.5)).toBe('$1.50');
    expect(formatPrice(0.15)).toBe('$0.15');
    expect(formatPrice(15)).toBe('$15');
  });

  it('follows the language after switching, although formatters are reused', () => {
    expect(formatNumber(1234.5)).toBe('1,234.5');
    settings.language = 'de';
    try {
      expect(formatNumber(1234.5)).toBe('1.234,5');
      expect(formatCost(1.5)).toMatch(/^1,50\s\$$/);
    } finally {
      settings.language = 'en';
    }
    expect(formatNumber(1234.5)).toBe('1,234.5');
  });

  it('formats durations and UTC days', () => {
    expect(formatDuration(640)).toBe('640 ms');
    expect(formatDuration(2400)).toBe('2.4 s');
    expect(formatDate('2026-11-24', { month: 'short', day: 'numeric' })).toBe('Nov 24');
  });
});

describe('usage periods', () => {
  it('lists every day of the period, zero where nothing was used', () => {
    const days = everyDay({ from: '2026-11-20', to: '2026-11-23', byDay: [{ day: '2026-11-22', costUsd: 0.5, generations: 2, promptTokens: 1, completionTokens: 1 }] });
    expect(days.map((d) => [d.day, d.costUsd])).toEqual([
      ['2026-11-20', 0],
      ['2026-11-21', 0],
      ['2026-11-22', 0.5],
      ['2026-11-23', 0],
    ]);
  });

  it('computes the last n days ending today (UTC) and a round axis maximum', () => {
    expect(lastDays(7, new Date('2026-11-24T22:00:00Z'))).toEqual({ from: '2026-11-18', to: '2026-11-24' });
    expect(niceMax(0.0043)).toBe(0.005);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(0)).toBe(1);
  });
});
