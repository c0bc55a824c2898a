#!/usr/bin/env node
// Renders the interim hero image (public/screenshots/chat.png) from a static HTML mock of the
// chat screen, and the social card (public/og-image.png), with headless Chromium.
// The hero image is a stand-in: replace it with a real screenshot of apps/web when it exists.
//
//   npm run images:interim -w apps/landing      (CHROMIUM_PATH overrides /usr/bin/chromium)
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** One social card per language; the layout's og:image points at the matching file. */
const SOCIAL_CARDS = [
  {
    file: 'og-image.png',
    text: {
      LANG: 'en',
      HEADLINE: 'Every AI model. One chat that never loses a reply.',
      TAGLINE: 'Hundreds of models · cost shown per message · on your phone mid-reply · self-host in one command',
    },
  },
  {
    file: 'og-image-de.png',
    text: {
      LANG: 'de',
      HEADLINE: 'Jedes KI-Modell. Ein Chat, der keine Antwort verliert.',
      TAGLINE: 'Hunderte Modelle · Kosten pro Nachricht · mitten in der Antwort aufs Handy · selbst hosten mit einem Befehl',
    },
  },
];

if (!existsSync(executablePath)) {
  process.stderr.write(`images:interim: no Chromium at ${executablePath}; install it or set CHROMIUM_PATH.\n`);
  process.exit(1);
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
});
try {
  const chatPng = here('../public/screenshots/chat.png');
  const chat = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1.5 });
  await chat.setContent(await readFile(here('./interim-images/chat-screen.html'), 'utf8'));
  await chat.screenshot({ path: chatPng });

  const screenshot = `data:image/png;base64,${(await readFile(chatPng)).toString('base64')}`;
  const template = await readFile(here('./interim-images/social-card.html'), 'utf8');
  for (const card of SOCIAL_CARDS) {
    const html = Object.entries({ ...card.text, CHAT_SCREENSHOT: screenshot }).reduce(
      (page, [key, value]) => page.replaceAll(`{{${key}}}`, value),
      template,
    );
    const page = await browser.newPage({ viewport: { width: 1200, height: 630 }, deviceScaleFactor: 1 });
    await page.setContent(html);
    await page.screenshot({ path: here(`../public/${card.file}`) });
  }
  process.stdout.write(`images:interim: wrote public/screenshots/chat.png and ${SOCIAL_CARDS.map((c) => `public/${c.file}`).join(', ')}\n`);
} finally {
  await browser.close();
}
