import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startFakeOpenRouter, type FakeOpenRouter } from '../../server/test/fake-openrouter';
import { ensureBuilt, hasChromium, launchBrowser, ROOT, startStack, type Stack } from './stack';

// Regenerates docs/screenshots/web-account.png and web-admin*.png (`npm run screenshots -w apps/web`).
const OUT = path.join(ROOT, 'docs/screenshots');
const PASSWORD = 'a good long password';
const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

describe.skipIf(!hasChromium || !process.env.SCREENSHOTS)('screenshots of the account and admin pages', () => {
  let fake: FakeOpenRouter;
  let stack: Stack;
  let browser: Browser;
  let page: Page;

  const call = async (token: string | null, method: string, url: string, body?: unknown, userAgent?: string) => {
    const response = await fetch(`${stack.baseUrl}/api/v1${url}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(userAgent ? { 'user-agent': userAgent } : {}),
        'content-type': 'application/json',
        accept: 'application/json',
      },
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
    stack = await startStack({ ECHO_DELAY_MS: '0', OPENROUTER_API_KEY: fake.apiKey, OPENROUTER_BASE_URL: fake.baseUrl });
    fake.scenarioForModel('openai/gpt-4o-mini', { stream: { deltas: 20, text: (i) => `word${i} `, cost: 0.0042 } });
    fake.scenarioForModel('anthropic/claude-sonnet-4', { stream: { deltas: 20, text: (i) => `word${i} `, cost: 0.031 } });

    // The admin (first account) and a few people using the instance.
    const people = [
      ['Ada Lovelace', 'ada@example.com', 3],
      ['Grace Hopper', 'grace@example.com', 5],
      ['Alan Turing', 'alan@example.com', 2],
      ['Katherine Johnson', 'katherine@example.com', 4],
      ['Edsger Dijkstra', 'edsger@example.com', 1],
      ['Barbara Liskov', 'barbara@example.com', 0],
    ] as const;
    const tokens: Record<string, { accessToken: string; user: { id: string } }> = {};
    for (const [name, email, chats] of people) {
      tokens[email] = await call(null, 'POST', '/auth/register', { name, email, password: PASSWORD });
      for (let i = 0; i < chats; i++) {
        const model = i % 2 ? 'anthropic/claude-sonnet-4' : 'openai/gpt-4o-mini';
        const c = await call(tokens[email].accessToken, 'POST', '/conversations', { modelId: model });
        await call(tokens[email].accessToken, 'POST', `/conversations/${c.id}/messages`, { content: `Question ${i + 1}` });
      }
    }
    // Ada is signed in on two more devices.
    await call(null, 'POST', '/auth/login', { email: 'ada@example.com', password: PASSWORD }, FIREFOX_MAC);
    await call(null, 'POST', '/auth/login', { email: 'ada@example.com', password: PASSWORD }, SAFARI_IPHONE);
    const admin = tokens['ada@example.com'].accessToken;
    const users = (await call(admin, 'GET', '/admin/users')) as { items: { id: string; email: string }[] };
    const id = (email: string) => users.items.find((u) => u.email === email)!.id;
    await call(admin, 'PATCH', `/admin/users/${id('edsger@example.com')}`, { disabled: true });
    await call(admin, 'PATCH', `/admin/users/${id('grace@example.com')}`, { monthlySpendLimitUsd: 25 });
    await call(admin, 'PATCH', `/admin/users/${id('alan@example.com')}`, { monthlySpendLimitUsd: 0.02 });
    await call(admin, 'PATCH', `/admin/users/${id('ada@example.com')}`, { monthlySpendLimitUsd: 50 });
    // A space Ada owns with Grace in it, for the deletion dialog.
    const space = await call(admin, 'POST', '/spaces', { name: 'Research group' });
    await call(admin, 'POST', `/spaces/${space.id}/invite`, { email: 'grace@example.com', role: 'admin' });
    await call(tokens['grace@example.com'].accessToken, 'POST', `/spaces/${space.id}/respond`, { accept: true });
    await new Promise((r) => setTimeout(r, 1500));

    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    await context.addInitScript(() => localStorage.setItem('mana.settings', JSON.stringify({ theme: 'light', language: 'en' })));
    page = await context.newPage();
    await page.goto(`${stack.baseUrl}/sign-in`);
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.baseUrl}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await fake?.close();
  });

  it('account, admin models (after a sync), users and usage', async () => {
    // Tall enough to show every section of the page.
    await page.setViewportSize({ width: 1440, height: 1260 });
    await page.goto(`${stack.baseUrl}/account`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=session]').length >= 3);
    await page.mouse.move(0, 0);
    await shot('account');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('delete-account').click();
    await page.getByTestId('owned-space').first().waitFor();
    await page.screenshot({ path: path.join(OUT, 'web-account-delete.png') });
    await page.keyboard.press('Escape');

    await page.goto(`${stack.baseUrl}/admin`);
    await page.getByTestId('admin-model').first().waitFor();
    await page.getByTestId('sync-models').click();
    await page.getByTestId('sync-log').getByText(/^Done\./).waitFor();
    await page.mouse.move(0, 0);
    await shot('admin');

    await page.getByTestId('admin-tab-users').click();
    await page.getByTestId('admin-user').first().waitFor();
    await shot('admin-users');

    await page.getByTestId('admin-tab-usage').click();
    await page.getByTestId('admin-usage-by-model').waitFor();
    await shot('admin-usage');
  });
});
