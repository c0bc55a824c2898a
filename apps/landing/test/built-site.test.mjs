// What every built page promises: it exists in both languages, carries its meta and OpenGraph
// tags, stays under 100 KB, ships no JavaScript, and sends visitors to the configured app URL.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attr, byTag, elements, findAll, findFirst, parseHtml, textOf } from './support/html.mjs';
import { sitemapUrls } from './support/link-check.mjs';
import { builtSiteOrigin, distDir, expectedAppUrl, fileForPath, listHtmlPages, readPage, sitePages } from './support/site.mjs';

const PAGE_BUDGET_BYTES = 100 * 1024;
const siteOrigin = builtSiteOrigin();

function headOf(urlPath) {
  const document = parseHtml(readPage(urlPath));
  const all = [...elements(document)];
  const meta = (key) => attr(all.find((el) => el.tagName === 'meta' && (attr(el, 'property') === key || attr(el, 'name') === key)) ?? {}, 'content');
  const links = (rel) => all.filter((el) => el.tagName === 'link' && attr(el, 'rel') === rel);
  return { document, all, meta, links, lang: attr(findFirst(document, byTag('html')), 'lang') };
}

describe('the build output', () => {
  it('has every page in English and German, plus a 404 page', () => {
    const built = listHtmlPages().map((page) => page.urlPath);
    expect(built.sort()).toEqual([...sitePages, '/404.html'].sort());
  });

  it('keeps every page under 100 KB of HTML', () => {
    for (const page of listHtmlPages()) {
      expect(statSync(page.file).size, page.urlPath).toBeLessThan(PAGE_BUDGET_BYTES);
    }
  });

  it('ships no client JavaScript', () => {
    const files = (dir) => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [name]));
    expect(files(distDir).filter((name) => /\.(m?js)$/.test(name))).toEqual([]);
    for (const page of listHtmlPages()) {
      const html = readFileSync(page.file, 'utf8');
      expect(html, page.urlPath).not.toMatch(/<script\b/i);
      expect(html, page.urlPath).not.toMatch(/\son[a-z]+=/i);
    }
  });

  it('serves the hero screenshot and the social cards it refers to', () => {
    for (const path of ['/screenshots/chat.png', '/og-image.png', '/og-image-de.png', '/favicon.svg']) {
      expect(fileForPath(path), path).not.toBeNull();
    }
    const png = readFileSync(fileForPath('/screenshots/chat.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});

describe.each(sitePages)('page %s', (urlPath) => {
  const locale = urlPath.startsWith('/de/') ? 'de' : 'en';
  const head = headOf(urlPath);

  it('has a title, a meta description and the right language', () => {
    expect(head.lang).toBe(locale);
    const title = textOf(findFirst(head.document, byTag('title')));
    expect(title.length).toBeGreaterThan(10);
    expect(title.length).toBeLessThanOrEqual(90);
    const description = head.meta('description');
    expect(description?.length ?? 0).toBeGreaterThan(50);
    expect(description.length).toBeLessThanOrEqual(170);
    expect(findAll(head.document, byTag('h1'))).toHaveLength(1);
  });

  it('has OpenGraph and Twitter card tags with absolute URLs', () => {
    expect(head.meta('og:title')).toBeTruthy();
    expect(head.meta('og:description')).toBe(head.meta('description'));
    expect(head.meta('og:type')).toBe('website');
    expect(head.meta('og:site_name')).toBe('Mana Chat');
    expect(head.meta('og:locale')).toBe(locale === 'de' ? 'de_DE' : 'en_US');
    expect(head.meta('og:url')).toBe(`${siteOrigin}${urlPath}`);
    expect(head.meta('og:image')).toBe(`${siteOrigin}/${locale === 'de' ? 'og-image-de.png' : 'og-image.png'}`);
    expect(head.meta('og:image:alt')).toBeTruthy();
    expect(head.meta('twitter:card')).toBe('summary_large_image');
  });

  it('names its canonical URL and its translations (hreflang)', () => {
    expect(attr(head.links('canonical')[0], 'href')).toBe(`${siteOrigin}${urlPath}`);
    const english = urlPath.replace(/^\/de\//, '/');
    const german = english === '/' ? '/de/' : `/de${english}`;
    const alternates = Object.fromEntries(head.links('alternate').map((link) => [attr(link, 'hreflang'), attr(link, 'href')]));
    expect(alternates).toEqual({ en: `${siteOrigin}${english}`, de: `${siteOrigin}${german}`, 'x-default': `${siteOrigin}${english}` });
  });

  it('has a visible link to the same page in the other language', () => {
    const other = locale === 'en' ? 'de' : 'en';
    const target = locale === 'en' ? (urlPath === '/' ? '/de/' : `/de${urlPath}`) : urlPath.replace(/^\/de\//, '/');
    const switcher = findAll(head.document, (el) => el.tagName === 'a' && attr(el, 'hreflang') === other);
    expect(switcher.length).toBeGreaterThan(0);
    expect(switcher.every((link) => attr(link, 'href') === target)).toBe(true);
  });

  it('sends "Open the app" to PUBLIC_APP_URL', () => {
    const appLinks = findAll(head.document, (el) => el.tagName === 'a' && (attr(el, 'href') ?? '').startsWith(expectedAppUrl));
    expect(appLinks.map((link) => attr(link, 'href'))).toContain(`${expectedAppUrl}/`);
  });
});

describe('the sitemap', () => {
  it('lists every page once, each with its English and German alternates', () => {
    const index = readFileSync(join(distDir, 'sitemap-index.xml'), 'utf8');
    const [sitemap] = sitemapUrls(index);
    const xml = readFileSync(join(distDir, new URL(sitemap).pathname), 'utf8');
    const locations = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]);
    expect(locations.sort()).toEqual(sitePages.map((path) => `${siteOrigin}${path}`).sort());
    expect(xml.match(/hreflang="de"/g)).toHaveLength(sitePages.length);
    expect(xml.match(/hreflang="en"/g)).toHaveLength(sitePages.length);
  });

  it('is announced in robots.txt', () => {
    expect(readFileSync(join(distDir, 'robots.txt'), 'utf8')).toContain(`Sitemap: ${siteOrigin}/sitemap-index.xml`);
  });
});

describe('the legal pages', () => {
  it('the imprint names Mana Chat and marks the fields the operator must fill in', () => {
    for (const path of ['/imprint/', '/de/imprint/']) {
      const html = readPage(path);
      expect(html).toContain('Mana Chat');
      expect(html).toMatch(/<mark class="fill-in">/);
    }
  });

  it('the privacy policy says what is stored and that prompts go to the chosen provider', () => {
    const text = textOf(parseHtml(readPage('/privacy/')));
    for (const phrase of ['Your account', 'Your conversations', 'Usage', 'provider of the model you chose']) expect(text).toContain(phrase);
  });

  it('the cookies page promises no tracking', () => {
    expect(textOf(parseHtml(readPage('/cookies/')))).toMatch(/No tracking, no advertising, no analytics/);
    expect(textOf(parseHtml(readPage('/de/cookies/')))).toMatch(/Kein Tracking, keine Werbung, keine Analyse/);
  });
});
