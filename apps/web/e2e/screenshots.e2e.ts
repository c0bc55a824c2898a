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

const COMPARE_PROMPT = 'In one short paragraph: when should I use a queue instead of a direct API call?';
const COMPARE_ANSWERS: Record<string, string> = {
  'openai/gpt-4o-mini':
    'Use a **queue** when the caller should not wait: slow or bursty work (emails, video encoding, imports), work that must survive a crash, or a consumer that is sometimes down. A direct call is simpler and better when you need the answer *now* and the other side is fast and reliable.',
  'anthropic/claude-sonnet-4':
    'Reach for a queue when **time decouples** the two sides:\n\n- the work is slow or spiky\n- it must be retried until it succeeds\n- several workers should share it\n\nKeep the direct call when the user is waiting for the result and a failure should surface immediately.',
  'google/gemini-2.0-flash-001':
    'Queues trade latency for resilience. If the request can be answered later, needs retries, or arrives faster than you can process it, enqueue it. If the caller needs the result in the same request, call directly and handle errors there.',
};
const DOC_V1 = [
  '# Launch plan: Mana Chat 1.0',
  '',
  '## Goals',
  '',
  '- 1,000 sign-ups in the first week',
  '- Every reply survives a reload',
  '',
  '## Timeline',
  '',
  '| Week | Milestone |',
  '|---|---|',
  '| 1 | Private beta |',
  '| 2 | Public launch |',
].join('\n');
const DOC_V2 = [
  '# Launch plan: Mana Chat 1.0',
  '',
  '## Goals',
  '',
  '- 2,500 sign-ups in the first week',
  '- Every reply survives a reload',
  '- Shared spaces for teams',
  '',
  '## Timeline',
  '',
  '| Week | Milestone |',
  '|---|---|',
  '| 1 | Private beta with 50 teams |',
  '| 2 | Public launch |',
  '| 3 | Blog post and changelog |',
  '',
  '## Risks',
  '',
  '- Provider rate limits on launch day: keep the offline model as a fallback.',
].join('\n');
const words = (text: string) => text.match(/\S+\s*/g)!;

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

  it('compare, document chat, space members, public share page', async () => {
    // The first test signed out (which ends that session): sign in again.
    session = await (
      await fetch(`${stack.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ada@example.com', password: 'a good long password' }),
      })
    ).json();
    await page.evaluate((stored) => {
      sessionStorage.removeItem('signed-out');
      localStorage.setItem('mana.session', stored);
    }, JSON.stringify(session));

    // Compare: three models, one prompt, side by side (and stacked at 360 px).
    for (const [model, text] of Object.entries(COMPARE_ANSWERS)) {
      const pieces = words(text);
      fake.scenarioForModel(model, { stream: { deltas: pieces.length, intervalMs: 4, text: (i) => pieces[i], cost: model.startsWith('anthropic') ? 0.0024 : 0.00018, model } });
    }
    await page.goto(`${stack.baseUrl}/`);
    await page.getByTestId('compare-toggle').click();
    for (const model of Object.keys(COMPARE_ANSWERS)) await page.getByTestId('compare-dialog').locator(`[data-model-id="${model}"]`).check();
    await page.getByTestId('compare-apply').click();
    await page.getByTestId('composer-input').fill(COMPARE_PROMPT);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => {
      const columns = [...document.querySelectorAll('[data-testid=compare-column]')];
      return columns.length === 3 && columns.every((c) => c.getAttribute('data-status') === 'complete');
    }, null, { timeout: 30_000 });
    await page.waitForTimeout(2000); // the title arrives a moment after the replies
    await page.mouse.move(0, 0);
    await shot('compare');
    await page.setViewportSize({ width: 360, height: 780 });
    await page.waitForTimeout(300);
    await shot('mobile-compare');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.locator('[data-testid=compare-column][data-model-id="anthropic/claude-sonnet-4"] [data-testid=compare-choose]').click();
    await page.getByTestId('compare-view').waitFor({ state: 'detached' });

    // A document chat with two versions written by the model.
    const doc = await api('POST', '/conversations', { modelId: 'anthropic/claude-sonnet-4', title: 'Launch plan', isDocument: true });
    await page.goto(`${stack.baseUrl}/c/${doc.id}`);
    for (const [prompt, text] of [
      ['Draft a short launch plan for Mana Chat 1.0 with goals and a timeline.', DOC_V1],
      ['Raise the sign-up goal to 2,500, add team spaces and a risks section.', DOC_V2],
    ] as const) {
      const pieces = words(text);
      fake.nextScenario({ stream: { deltas: pieces.length, intervalMs: 4, text: (i) => pieces[i], cost: 0.0019, model: 'anthropic/claude-sonnet-4' } });
      const before = await page.locator('[data-role=assistant][data-status=complete]').count();
      await page.getByTestId('composer-input').fill(prompt);
      await page.keyboard.press('Enter');
      await page.waitForFunction((n) => document.querySelectorAll('[data-role=assistant][data-status=complete]').length > n, before, { timeout: 30_000 });
    }
    await page.waitForFunction(() => document.querySelector('[data-testid=document-version]')?.textContent === 'v2', null, { timeout: 15_000 });
    await page.waitForTimeout(500);
    await page.mouse.move(0, 0);
    await shot('document');
    await page.getByTestId('versions-tab').click();
    await page.getByTestId('diff-run').click();
    await page.getByTestId('document-diff').waitFor();
    await page.waitForTimeout(200);
    await shot('document-diff');
    await page.getByTestId('document-tab').click();
    await page.setViewportSize({ width: 360, height: 780 });
    await page.waitForTimeout(300);
    await shot('mobile-document');
    await page.setViewportSize({ width: 1440, height: 900 });

    // A space with members in every role and a pending invitation.
    const space = await api('POST', '/spaces', { name: 'Product team', description: 'Roadmap, launch and support' });
    const people = [
      { name: 'Grace Hopper', email: 'grace@example.com', role: 'admin', accept: true },
      { name: 'Alan Turing', email: 'alan@example.com', role: 'member', accept: true },
      { name: 'Katherine Johnson', email: 'katherine@example.com', role: 'viewer', accept: true },
      { name: 'Edsger Dijkstra', email: 'edsger@example.com', role: 'member', accept: false },
    ];
    for (const person of people) {
      const account = await (
        await fetch(`${stack.baseUrl}/api/v1/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: person.email, password: 'a good long password', name: person.name }),
        })
      ).json();
      await api('POST', `/spaces/${space.id}/invite`, { email: person.email, role: person.role });
      if (person.accept) {
        await fetch(`${stack.baseUrl}/api/v1/spaces/${space.id}/respond`, {
          method: 'POST',
          headers: { authorization: `Bearer ${account.accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ accept: true }),
        });
      }
    }
    const spaceChat = await api('POST', '/conversations', { modelId: 'openai/gpt-4o-mini', title: 'Support macros', spaceId: space.id });
    await api('POST', `/conversations/${spaceChat.id}/messages`, { content: 'Draft three support macros.' });
    await page.goto(`${stack.baseUrl}/spaces/${space.id}`);
    await page.getByTestId('member-row').nth(4).waitFor();
    await page.getByTestId('space-switcher').selectOption(space.id);
    await page.waitForTimeout(500);
    await page.mouse.move(0, 0);
    await shot('space-members');

    // The public page of a share link, in a browser without an account.
    const share = await api('POST', `/conversations/${doc.id}/share`, {});
    const stranger = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    const publicPage = await stranger.newPage();
    await publicPage.goto(`${stack.baseUrl}${share.url}`);
    await publicPage.getByTestId('share-title').waitFor();
    await publicPage.waitForTimeout(300);
    await publicPage.screenshot({ path: path.join(OUT, 'web-share.png') });
    await publicPage.setViewportSize({ width: 360, height: 780 });
    await publicPage.waitForTimeout(200);
    await publicPage.screenshot({ path: path.join(OUT, 'web-mobile-share.png') });
    await stranger.close();
  });
});
