// Where the built site lives and how to walk it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const landingRoot = fileURLToPath(new URL('../..', import.meta.url));
export const distDir = join(landingRoot, 'dist');

/** The app URL the site was built against (same default as astro.config.mjs). */
export const expectedAppUrl = (process.env.PUBLIC_APP_URL || 'http://127.0.0.1:3002').replace(/\/+$/, '');

/** Every page of the site, in both languages, as URL paths. */
export const pageSlugs = ['', 'pricing/', 'models/', 'faq/', 'privacy/', 'imprint/', 'terms/', 'cookies/'];
export const sitePages = [...pageSlugs.map((slug) => `/${slug}`), ...pageSlugs.map((slug) => `/de/${slug}`)];

/** All HTML files under a built site, with the URL path each is served at. */
export function listHtmlPages(root = distDir) {
  const pages = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.html')) {
        const rel = relative(root, path).split(sep).join('/');
        const urlPath = rel === 'index.html' ? '/' : rel.endsWith('/index.html') ? `/${rel.slice(0, -'index.html'.length)}` : `/${rel}`;
        pages.push({ file: path, urlPath });
      }
    }
  };
  walk(root);
  return pages.sort((a, b) => a.urlPath.localeCompare(b.urlPath));
}

/** The file a URL path is served from, as a static host would: "/x/" → x/index.html; null when missing. */
export function fileForPath(urlPath, root = distDir) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const candidate = join(root, path);
  if (!candidate.startsWith(root)) return null;
  if (path.endsWith('/')) return existsSync(join(candidate, 'index.html')) ? join(candidate, 'index.html') : null;
  if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  if (existsSync(join(candidate, 'index.html'))) return join(candidate, 'index.html');
  return null;
}

export function readPage(urlPath, root = distDir) {
  const file = fileForPath(urlPath, root);
  if (!file) throw new Error(`no built page for ${urlPath}`);
  return readFileSync(file, 'utf8');
}

/** The site's public origin, as the build wrote it into the home page's canonical link. */
export function builtSiteOrigin(root = distDir) {
  const match = readPage('/', root).match(/<link rel="canonical" href="([^"]+)"/);
  if (!match) throw new Error('home page has no canonical link');
  return new URL(match[1]).origin;
}
