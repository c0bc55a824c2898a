// Checks every internal reference of a built site: links, images, stylesheets, canonical and
// hreflang URLs, OpenGraph images, sitemap entries and fragments (#id) on the target page.
import { readFileSync } from 'node:fs';
import { attr, elements, parseHtml } from './html.mjs';
import { fileForPath, listHtmlPages } from './site.mjs';

const URL_ATTRIBUTES = { a: ['href'], link: ['href'], img: ['src', 'srcset'], source: ['srcset'], script: ['src'], iframe: ['src'], form: ['action'] };
const URL_META = new Set(['og:url', 'og:image', 'twitter:image']);

/** Every URL a page refers to. */
function referencesIn(html) {
  const references = [];
  for (const element of elements(parseHtml(html))) {
    for (const name of URL_ATTRIBUTES[element.tagName] ?? []) {
      const value = attr(element, name);
      if (value === undefined) continue;
      if (name === 'srcset') references.push(...value.split(',').map((candidate) => candidate.trim().split(/\s+/)[0]).filter(Boolean));
      else references.push(value);
    }
    if (element.tagName === 'meta' && URL_META.has(attr(element, 'property') ?? attr(element, 'name') ?? '')) {
      references.push(attr(element, 'content'));
    }
  }
  return references;
}

function idsIn(html) {
  const ids = new Set();
  for (const element of elements(parseHtml(html))) {
    const id = attr(element, 'id') ?? (element.tagName === 'a' ? attr(element, 'name') : undefined);
    if (id) ids.add(id);
  }
  return ids;
}

/**
 * @param {{ root: string, siteOrigin: string, extraDocuments?: { path: string, urls: string[] }[] }} options
 * @returns {{ checked: number, external: Set<string>, problems: { page: string, url: string, reason: string }[] }}
 */
export function checkSiteLinks({ root, siteOrigin, extraDocuments = [] }) {
  const problems = [];
  const external = new Set();
  const idCache = new Map();
  let checked = 0;

  const check = (pagePath, raw) => {
    if (!raw || raw.startsWith('mailto:') || raw.startsWith('tel:')) return;
    let url;
    try {
      url = new URL(raw, new URL(pagePath, siteOrigin));
    } catch {
      problems.push({ page: pagePath, url: raw, reason: 'not a valid URL' });
      return;
    }
    if (url.origin !== siteOrigin) {
      external.add(url.href);
      return;
    }
    checked++;
    const file = fileForPath(url.pathname, root);
    if (!file) {
      problems.push({ page: pagePath, url: raw, reason: `no file for ${url.pathname}` });
      return;
    }
    if (url.hash && file.endsWith('.html')) {
      if (!idCache.has(file)) idCache.set(file, idsIn(readFileSync(file, 'utf8')));
      const id = decodeURIComponent(url.hash.slice(1));
      if (!idCache.get(file).has(id)) problems.push({ page: pagePath, url: raw, reason: `no element with id "${id}" on ${url.pathname}` });
    }
  };

  for (const page of listHtmlPages(root)) {
    for (const reference of referencesIn(readFileSync(page.file, 'utf8'))) check(page.urlPath, reference);
  }
  for (const document of extraDocuments) for (const url of document.urls) check(document.path, url);
  return { checked, external, problems };
}

/** The URLs in a sitemap or sitemap index: <loc> and xhtml:link alternates. */
export function sitemapUrls(xml) {
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>|<xhtml:link[^>]*\shref="([^"]+)"/g)].map((match) => match[1] ?? match[2]);
}
