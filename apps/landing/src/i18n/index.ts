import { de } from './de';
import { en, type Messages } from './en';
import type { Locale } from './locales';

const messages: Record<Locale, Messages> = { en, de };

export function t(locale: Locale): Messages {
  return messages[locale];
}
export * from './locales';
export * from './routes';
