import { AppError } from '@mana/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { settings } from '../stores/settings.svelte';
import { errorText } from './index';

afterEach(() => settings.setLanguage('en'));

describe('a refused send because of the spending limit', () => {
  const refusal = new AppError('SPEND_LIMIT_REACHED', 'You have reached your monthly spending limit of $5.00', {
    limitUsd: 5,
    spentUsd: 5.01,
    resetsAt: '2026-12-01T00:00:00.000Z',
  });

  it('says so, with the limit and when it resets, in the user’s language', () => {
    expect(errorText(refusal)).toBe('You have reached your monthly spending limit. Your limit of $5.00 resets on December 1, 2026.');
    settings.setLanguage('de');
    expect(errorText(refusal).replace(/\u00a0/g, ' ')).toBe('Du hast dein monatliches Ausgabenlimit erreicht. Dein Limit von 5,00 $ wird am 1. Dezember 2026 zurückgesetzt.');
  });

  it('still says so without details', () => {
    expect(errorText(new AppError('SPEND_LIMIT_REACHED', 'x'))).toBe('You have reached your monthly spending limit.');
  });
});

describe('error codes', () => {
  it('every code the API can answer has a message in both languages', async () => {
    const { ERROR_CODES } = await import('@mana/contracts');
    const { en } = await import('./en');
    const { de } = await import('./de');
    const missing = ERROR_CODES.filter((code) => !(`error.${code}` in en) || !(`error.${code}` in de));
    expect(missing).toEqual([]);
  });
});
