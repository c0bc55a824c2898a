import { fillDays, usagePeriod } from './usage-screen';

describe('the usage period', () => {
  it('covers 30 days up to today', () => {
    expect(usagePeriod(new Date('2026-11-24T15:00:00Z'))).toEqual({ from: '2026-10-26', to: '2026-11-24' });
  });

  it('fills days without usage with zero', () => {
    const days = fillDays('2026-11-22', '2026-11-24', [{ day: '2026-11-23', n: 5 }], (day) => ({ day, n: 0 }));
    expect(days).toEqual([
      { day: '2026-11-22', n: 0 },
      { day: '2026-11-23', n: 5 },
      { day: '2026-11-24', n: 0 },
    ]);
  });
});
