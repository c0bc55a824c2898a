// No broken internal link anywhere in the built site, and the checker itself catches broken ones.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSiteLinks, sitemapUrls } from './support/link-check.mjs';
import { builtSiteOrigin, distDir, expectedAppUrl } from './support/site.mjs';

function sitemapDocuments() {
  const documents = [];
  const index = readFileSync(join(distDir, 'sitemap-index.xml'), 'utf8');
  documents.push({ path: '/sitemap-index.xml', urls: sitemapUrls(index) });
  for (const url of sitemapUrls(index)) {
    const file = join(distDir, new URL(url).pathname);
    if (existsSync(file)) documents.push({ path: new URL(url).pathname, urls: sitemapUrls(readFileSync(file, 'utf8')) });
  }
  const robots = readFileSync(join(distDir, 'robots.txt'), 'utf8');
  documents.push({ path: '/robots.txt', urls: [...robots.matchAll(/^Sitemap:\s*(\S+)/gm)].map((match) => match[1]) });
  return documents;
}

describe('links in the built site', () => {
  const siteOrigin = builtSiteOrigin();
  const result = checkSiteLinks({ root: distDir, siteOrigin, extraDocuments: sitemapDocuments() });

  it('every internal link, asset, canonical, alternate, sitemap entry and fragment resolves', () => {
    expect(result.problems).toEqual([]);
    expect(result.checked).toBeGreaterThan(300);
  });

  it('links leaving the site go only to the app (PUBLIC_APP_URL) or to named third parties', () => {
    const allowedThirdParties = ['https://openrouter.ai/'];
    const unexpected = [...result.external].filter(
      (url) => !url.startsWith(`${expectedAppUrl}/`) && !allowedThirdParties.some((prefix) => url.startsWith(prefix)),
    );
    expect(unexpected).toEqual([]);
    expect([...result.external]).toContain(`${expectedAppUrl}/`);
  });
});

describe('the link checker', () => {
  let root;
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('reports a missing page, a missing asset and a missing fragment', async () => {
    root = await mkdtemp(join(tmpdir(), 'mana-links-'));
    await mkdir(join(root, 'about'));
    await writeFile(join(root, 'about', 'index.html'), '<html><body><h1 id="team">Team</h1></body></html>');
    await writeFile(
      join(root, 'index.html'),
      '<html><body><a href="/about/">ok</a><a href="/about/#team">ok</a><a href="/pricing/">missing</a>' +
        '<a href="/about/#nobody">missing id</a><img src="/logo.png" alt=""><a href="https://elsewhere.example/">external</a></body></html>',
    );
    const { problems, external } = checkSiteLinks({ root, siteOrigin: 'https://site.example' });
    expect(problems.map((problem) => problem.url)).toEqual(['/pricing/', '/about/#nobody', '/logo.png']);
    expect([...external]).toEqual(['https://elsewhere.example/']);
  });
});
