// axe-core in headless Chromium over every built page, in light and dark mode, plus a phone-width
// layout check. Without Chromium the suite is skipped with a notice, never passed silently.
import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite } from './support/static-server.mjs';
import { sitePages } from './support/site.mjs';

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const hasChromium = existsSync(executablePath);
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

if (!hasChromium) {
  console.warn(
    `\n[accessibility] SKIPPED: no Chromium at ${executablePath}. Install Debian's chromium (apt-get install chromium) ` +
      'or set CHROMIUM_PATH to run the axe checks.\n',
  );
}

const describeWithBrowser = describe.skipIf(!hasChromium);

describeWithBrowser('accessibility (axe) of the built pages', () => {
  let browser;
  let site;

  beforeAll(async () => {
    site = await serveSite();
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** Opens a page in a fresh context; FAQ answers are opened so axe sees their text too. */
  async function open(path, contextOptions) {
    const context = await browser.newContext(contextOptions);
    const page = await context.newPage();
    const response = await page.goto(`${site.origin}${path}`, { waitUntil: 'load' });
    expect(response?.status(), path).toBe(200);
    await page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));
    return { context, page };
  }

  async function blockingViolations(page) {
    const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    expect(results.passes.length).toBeGreaterThan(10);
    return results.violations
      .filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? ''))
      .map((violation) => ({
        rule: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
      }));
  }

  for (const colorScheme of ['light', 'dark']) {
    it.each([...sitePages, '/404.html'])(`%s has no serious or critical violation (${colorScheme})`, async (path) => {
      const { context, page } = await open(path, { colorScheme, viewport: { width: 1280, height: 900 } });
      try {
        expect(await blockingViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it.each(sitePages)('%s fits a 360 px wide phone without sideways scrolling, and passes axe there', async (path) => {
    const { context, page } = await open(path, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    try {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await blockingViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
