export const locales = ['en', 'de'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'en';

/** How each language names itself, for the language switcher. */
export const languageNames: Record<Locale, string> = { en: 'English', de: 'Deutsch' };
export const openGraphLocale: Record<Locale, string> = { en: 'en_US', de: 'de_DE' };

export function otherLocale(locale: Locale): Locale {
  return locale === 'en' ? 'de' : 'en';
}
