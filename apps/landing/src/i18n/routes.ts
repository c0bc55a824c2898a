import { defaultLocale, type Locale } from './locales';

/** Every page of the site; each exists in every locale. */
export const pageSlugs = {
  home: '',
  pricing: 'pricing',
  models: 'models',
  faq: 'faq',
  privacy: 'privacy',
  imprint: 'imprint',
  terms: 'terms',
  cookies: 'cookies',
} as const;
export type PageKey = keyof typeof pageSlugs;

/** "/pricing/" in English, "/de/pricing/" in German (trailing slash: the site is built as directories). */
export function pagePath(locale: Locale, page: PageKey): string {
  const prefix = locale === defaultLocale ? '' : `/${locale}`;
  const slug = pageSlugs[page];
  return `${prefix}/${slug ? `${slug}/` : ''}`;
}
