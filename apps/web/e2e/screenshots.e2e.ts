import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startFakeOpenRouter, type FakeOpenRouter } from '../../server/test/fake-openrouter';
import { ensureBuilt, hasChromium, launchBrowser, ROOT, startStack, type Stack } from './stack';

// Regenerates docs/screenshots/web-*.png: `npm run screenshots -w apps/web` (not part of `npm test`).
const OUT = path.join(ROOT, 'docs/screenshots');

const ANSWER = [
  '## Debouncing in TypeScript',
  '',
  'A debounced function waits until calls **stop** for `ms` milliseconds, then runs once with the latest arguments. It is the right tool for search boxes and resize handlers.',
  '',
  '```ts',
  'export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms = 250) {',
  '  let timer: ReturnType<typeof setTimeout> | undefined;',
  '  return (...args: A) => {',
  '    clearTimeout(timer);',
  '    timer = setTimeout(() => fn(...args), ms);',
  '  };',
  '}',
  '```',
  '',
  '| Technique | Runs | Good for |',
  '|---|---|---|',
  '| Debounce | once, after the pause | search boxes, autosave |',
  '| Throttle | at most every *n* ms | scroll and pointer events |',
  '',
  'For $n$ calls in a burst only one reaches `fn`, so the work drops from $O(n)$ to $O(1)$.',
].join('\n');

describe.skipIf(!hasChromium || !process.env.SCREENSHOTS)('screenshots of the main screens', () => {
  let fake: FakeOpenRouter;
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let session: { accessToken: string };

  const api = async (method: string, url: string, body?: unknown) => {
    const response = await fetch(`${stack.baseUrl}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? null : response.json();
  };
  const shot = (name: string) => page.screenshot({ path: path.join(OUT, `web-${name}.png`) });

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(OUT, { recursive: true });
    fake = await startFakeOpenRouter();
    stack = await startStack({ ECHO_DELAY_MS: '5', OPENROUTER_API_KEY: fake.apiKey, OPENROUTER_BASE_URL: fake.baseUrl });
    session = await (
      await fetch(`${stack.baseUrl}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ada@example.com', password: 'a good long password', name: 'Ada Lovelace' }),
      })
    ).json();
    // A lived-in account: a few conversations (one pinned), templates and some spend.
    const pieces = ANSWER.match(/\S+\s*/g)!;
    fake.scenarioForModel('anthropic/claude-sonnet-4', { stream: { deltas: pieces.length, intervalMs: 4, text: (i) => pieces[i], cost: 0.0031, model: 'anthropic/claude-sonnet-4' } });
    fake.scenarioForModel('openai/gpt-4o-mini', { stream: { deltas: 40, text: (i) => `word${i} `, cost: 0.00042 } });
    for (const [title, model, pinned] of [
      ['Weekend trip to Lisbon', 'openai/gpt-4o-mini', false],
      ['Quarterly report outline', 'openai/gpt-4o-mini', true],
      ['Regex for ISO dates', 'builtin/echo', false],
      ['Explain HTTP caching', 'openai/gpt-4o-mini', false],
      ['Birthday poem for Grace', 'builtin/echo', false],
    ] as const) {
      const c = await api('POST', '/conversations', { modelId: model, title });
      await api('POST', `/conversations/${c.id}/messages`, { content: `${title}, please.` });
      if (pinned) await api('PATCH', `/conversations/${c.id}`, { isPinned: true });
    }
    await api('POST', '/templates', { name: 'Code reviewer', description: 'Strict but kind reviews', systemPrompt: 'You review code for bugs, clarity and tests. Be specific and kind.', color: '#2f80ed', modelId: 'anthropic/claude-sonnet-4' });
    await api('POST', '/templates', { name: 'Translator DE ↔ EN', description: 'Natural, idiomatic translations', systemPrompt: 'Translate between German and English. Keep tone and formatting.', color: '#0f9d8a' });
    await api('POST', '/templates', { name: 'Meeting summariser', systemPrompt: 'Summarise meeting notes into decisions, owners and deadlines.', color: '#d97706', initialQuestion: 'Here are my notes:' });
    await new Promise((r) => setTimeout(r, 1500));

    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    await context.addInitScript((stored) => {
      if (!localStorage.getItem('mana.session') && !sessionStorage.getItem('signed-out')) localStorage.setItem('mana.session', stored);
      if (!localStorage.getItem('mana.settings')) localStorage.setItem('mana.settings', JSON.stringify({ theme: 'light', language: 'en' }));
    }, JSON.stringify(session));
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await fake?.close();
  });

  it('chat, model picker, search, settings, usage, templates, mobile, sign-in', async () => {
    const conversation = await api('POST', '/conversations', { modelId: 'anthropic/claude-sonnet-4' });
    await page.goto(`${stack.baseUrl}/c/${conversation.id}`);
    await page.getByTestId('composer-input').fill('How do I debounce a function in TypeScript?');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-role=assistant]')].at(-1)?.getAttribute('data-status') === 'complete', null, { timeout: 30_000 });
    await page.waitForTimeout(2500); // the title arrives a moment after the reply
    await page.mouse.move(0, 0);
    await shot('chat');
    await page.screenshot({ path: path.join(OUT, 'chat.png') }); // the one the README shows

    await page.getByTestId('model-picker').click();
    await page.getByTestId('model-option').first().waitFor();
    await shot('model-picker');
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+k');
    await page.getByTestId('search-input').fill('report');
    await page.getByTestId('search-results').locator('mark').first().waitFor();
    await shot('search');
    await page.keyboard.press('Escape');

    await page.goto(`${stack.baseUrl}/settings`);
    await page.getByTestId('language').waitFor();
    await page.getByTestId('key-name').fill('CLI');
    await page.getByTestId('create-key').click();
    await page.getByTestId('key-secret').waitFor();
    await shot('settings');

    await page.goto(`${stack.baseUrl}/usage`);
    await page.getByTestId('usage-by-model').waitFor();
    await shot('usage');

    await page.goto(`${stack.baseUrl}/templates`);
    await page.getByTestId('template-card').first().waitFor();
    await shot('templates');

    await page.goto(`${stack.baseUrl}/settings`);
    await page.getByTestId('theme-dark').click();
    await page.goto(`${stack.baseUrl}/c/${conversation.id}`);
    await page.locator('[data-role=assistant][data-status=complete]').waitFor();
    await page.waitForTimeout(300);
    await shot('chat-dark');

    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${stack.baseUrl}/c/${conversation.id}`);
    await page.locator('[data-role=assistant][data-status=complete]').waitFor();
    await page.waitForTimeout(300);
    await shot('mobile-chat');
    await page.getByTestId('open-sidebar').click();
    await page.waitForTimeout(400);
    await shot('mobile-sidebar');

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${stack.baseUrl}/settings`);
    await page.getByTestId('theme-light').click();
    await page.getByTestId('sign-out').click();
    await page.evaluate(() => sessionStorage.setItem('signed-out', '1'));
    await page.waitForURL('**/sign-in');
    await page.waitForTimeout(300);
    await shot('sign-in');
  });
});
