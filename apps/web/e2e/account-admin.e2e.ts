import AxeBuilder from '@axe-core/playwright';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenRouter, type FakeOpenRouter } from '../../server/test/fake-openrouter';
import { ensureBuilt, hasChromium, launchBrowser, ROOT, SKIP_NOTICE, startStack, type Stack } from './stack';

if (!hasChromium) console.log(SKIP_NOTICE);

const PASSWORD = 'a good long password';
const ADMIN = { name: 'Ada Admin', email: 'ada@example.com' };
const BEA = { name: 'Bea Limited', email: 'bea@example.com' };
const CY = { name: 'Cy Leaving', email: 'cy@example.com' };
const DORA = { name: 'Dora Careful', email: 'dora@example.com' };

interface Tokens {
  accessToken: string;
  refreshToken: string;
  user: { id: string };
}

describe.skipIf(!hasChromium)('account and administration against the real server', () => {
  let fake: FakeOpenRouter;
  let stack: Stack;
  let browser: Browser;
  let webDir: string;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const sessions = new Map<string, Tokens>();

  const call = async (token: string | null, method: string, url: string, body?: unknown) => {
    const response = await fetch(`${stack.baseUrl}/api/v1${url}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? null : response.json();
  };
  const login = (email: string, password = PASSWORD): Promise<Tokens> => call(null, 'POST', '/auth/login', { email, password });

  /** A fresh browser profile; with `as`, already signed in with a session made through the API. */
  async function newPage(as?: Tokens): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
    contexts.push(context);
    await context.addInitScript(() => {
      if (!localStorage.getItem('mana.settings')) localStorage.setItem('mana.settings', JSON.stringify({ theme: 'light', language: 'en' }));
    });
    if (as) await context.addInitScript((stored) => !sessionStorage.getItem('seeded') && (localStorage.setItem('mana.session', stored), sessionStorage.setItem('seeded', '1')), JSON.stringify(as));
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    return page;
  }

  async function signIn(page: Page, email: string, password = PASSWORD) {
    await page.goto(`${stack.baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.baseUrl}/`);
  }

  const toast = (page: Page, text: string | RegExp) => page.locator('.toast').filter({ hasText: text }).first().waitFor();

  beforeAll(async () => {
    ensureBuilt();
    // Our own copy of the built app: another build of apps/web may run while this suite does.
    webDir = mkdtempSync(path.join(tmpdir(), 'mana-web-build-'));
    cpSync(path.join(ROOT, 'apps/web/build'), webDir, { recursive: true });
    fake = await startFakeOpenRouter();
    stack = await startStack({ ECHO_DELAY_MS: '0', WEB_DIST_DIR: webDir, OPENROUTER_API_KEY: fake.apiKey, OPENROUTER_BASE_URL: fake.baseUrl });
    // The first account is the admin.
    for (const person of [ADMIN, BEA, CY, DORA]) sessions.set(person.email, await call(null, 'POST', '/auth/register', { ...person, password: PASSWORD }));
    const cy = sessions.get(CY.email)!;
    const dora = sessions.get(DORA.email)!;
    // Cy owns a space Dora belongs to: deleting Cy's account hands it to her.
    const space = await call(cy.accessToken, 'POST', '/spaces', { name: 'Cy’s team' });
    await call(cy.accessToken, 'POST', `/spaces/${space.id}/invite`, { email: DORA.email, role: 'member' });
    await call(dora.accessToken, 'POST', `/spaces/${space.id}/respond`, { accept: true });
    // Something for Dora to export.
    const conversation = await call(dora.accessToken, 'POST', '/conversations', { modelId: 'builtin/echo', title: 'Export me' });
    await call(dora.accessToken, 'POST', `/conversations/${conversation.id}/messages`, { content: 'Remember the lighthouse.' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await fake?.close();
    if (webDir) rmSync(webDir, { recursive: true, force: true });
  });

  it('the admin syncs the catalog with progress, turns a model off and picks the default', async () => {
    const page = await newPage();
    await signIn(page, ADMIN.email);
    await page.getByTestId('nav-admin').click();
    await page.waitForURL('**/admin');
    await page.locator('[data-testid=admin-model][data-model="openai/gpt-4o-mini"]').waitFor();

    await page.getByTestId('sync-models').click();
    const log = page.getByTestId('sync-log');
    await log.getByText('Syncing the catalogs of 1 provider(s)…').waitFor();
    await log.getByText('OpenRouter: 7 models').waitFor();
    await log.getByText('Done. 7 models synced.').waitFor();
    await expect(page.getByTestId('sync-models').isEnabled()).resolves.toBe(true);

    const admin = sessions.get(ADMIN.email)!;
    const active = async () => ((await call(admin.accessToken, 'GET', '/chat/models')) as { items: { id: string; isDefault: boolean }[] }).items;
    await page.locator('[data-model="deepseek/deepseek-r1"] [data-testid=model-active]').click();
    await expect.poll(async () => (await active()).some((m) => m.id === 'deepseek/deepseek-r1')).toBe(false);

    await page.locator('[data-model="anthropic/claude-sonnet-4"] [data-testid=model-default]').check();
    await toast(page, 'Claude Sonnet 4 is now the default model.');
    await expect.poll(async () => (await active()).find((m) => m.isDefault)?.id).toBe('anthropic/claude-sonnet-4');
    // The default model cannot be switched off.
    await expect(page.locator('[data-model="anthropic/claude-sonnet-4"] [data-testid=model-active]').isDisabled()).resolves.toBe(true);
  });

  it('a user who is not an admin sees no admin link, and /admin is not found', async () => {
    const page = await newPage(sessions.get(BEA.email));
    await page.goto(`${stack.baseUrl}/admin`);
    await page.getByTestId('admin-not-found').waitFor();
    await expect(page.getByTestId('nav-admin').count()).resolves.toBe(0);
  });

  let adminPage: Page;
  let beaPage: Page;

  it('the admin sets a spending limit; the user’s message is refused and says why', async () => {
    adminPage = await newPage(sessions.get(ADMIN.email));
    await adminPage.goto(`${stack.baseUrl}/admin?tab=users`);
    await adminPage.getByTestId('user-search').fill('bea');
    const row = adminPage.locator('[data-testid=admin-user][data-email="bea@example.com"]');
    await adminPage.waitForFunction(() => document.querySelectorAll('[data-testid=admin-user]').length === 1);
    await expect(adminPage.getByTestId('users-range').textContent()).resolves.toBe('1–1 of 1');
    await row.getByTestId('user-limit').fill('0');
    await row.getByTestId('user-limit').press('Enter');
    await toast(adminPage, 'Limit for bea@example.com set to $0.');

    beaPage = await newPage(sessions.get(BEA.email));
    await beaPage.goto(stack.baseUrl);
    await beaPage.getByTestId('composer-input').fill('Will this be refused?');
    await beaPage.keyboard.press('Enter');
    await toast(beaPage, /Your message could not be sent\. You have reached your monthly spending limit\. Your limit of \$0 resets on/);
    // Nothing typed is lost.
    await expect(beaPage.getByTestId('composer-input').inputValue()).resolves.toBe('Will this be refused?');
  });

  it('the admin disables the user, who is signed out and refused at sign-in', async () => {
    const row = adminPage.locator('[data-testid=admin-user][data-email="bea@example.com"]');
    await row.getByTestId('toggle-user').click();
    await adminPage.getByTestId('confirm-dialog').getByTestId('confirm').click();
    await row.getByTestId('disabled-badge').waitFor();

    await beaPage.reload();
    await beaPage.waitForURL('**/sign-in');
    await expect(beaPage.getByTestId('auth-notice').textContent()).resolves.toContain('This account has been disabled');
    await beaPage.getByLabel('Email').fill(BEA.email);
    await beaPage.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await beaPage.getByRole('button', { name: 'Sign in' }).click();
    await expect(beaPage.getByTestId('auth-error').textContent()).resolves.toContain('This account has been disabled. Please contact your administrator.');
  });

  let doraPage: Page;

  it('a user changes their password and their other session is signed out', async () => {
    const otherDevice = await newPage(await login(DORA.email));
    await otherDevice.goto(stack.baseUrl);
    await otherDevice.getByTestId('composer-input').waitFor();

    doraPage = await newPage();
    await signIn(doraPage, DORA.email);
    await doraPage.getByTestId('nav-account').click();
    await doraPage.waitForURL('**/account');
    const sessionsList = doraPage.getByTestId('session');
    await doraPage.waitForFunction(() => document.querySelectorAll('[data-testid=session]').length >= 3);
    await expect(sessionsList.first().getByTestId('this-device').isVisible()).resolves.toBe(true);
    await expect(sessionsList.first().textContent()).resolves.toContain('Chrome on Linux');

    await doraPage.getByTestId('edit-password').click();
    await doraPage.getByTestId('current-password').fill(PASSWORD);
    await doraPage.getByTestId('new-password').fill('a brand new password');
    await doraPage.getByTestId('repeat-password').fill('a brand new password');
    await doraPage.getByTestId('save-password').click();
    await toast(doraPage, 'Password changed. Your other devices have been signed out.');
    await doraPage.waitForFunction(() => document.querySelectorAll('[data-testid=session]').length === 1);

    await otherDevice.reload();
    await otherDevice.waitForURL('**/sign-in');
    await expect(otherDevice.getByTestId('auth-notice').textContent()).resolves.toBe('Your session has ended. Please sign in again.');
  });

  it('exports all of the user’s data as one JSON file', async () => {
    const [download] = await Promise.all([doraPage.waitForEvent('download'), doraPage.getByTestId('export-account').click()]);
    expect(download.suggestedFilename()).toMatch(/^mana-chat-export-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(data).toMatchObject({ format: 'mana-chat-export', version: 1, user: { email: DORA.email, name: DORA.name } });
    expect(data.conversations.map((c: { title: string }) => c.title)).toContain('Export me');
    expect(JSON.stringify(data)).toContain('Remember the lighthouse.');
    expect(data.spaces).toEqual([expect.objectContaining({ name: 'Cy’s team', owned: false })]);
  });

  it('forgot password: the emailed link (here from the server log) sets a new password', async () => {
    const page = await newPage();
    await page.goto(`${stack.baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(DORA.email);
    await page.getByTestId('forgot-password').click();
    await page.waitForURL('**/forgot-password?email=*');
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe(DORA.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByTestId('forgot-sent').textContent()).resolves.toContain(`If an account exists for ${DORA.email}, we sent a link`);

    // An unknown address gets exactly the same answer.
    await page.getByRole('button', { name: 'Use another email' }).click();
    await page.getByLabel('Email').fill('nobody@example.com');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByTestId('forgot-sent').textContent()).resolves.toContain('If an account exists for nobody@example.com, we sent a link');

    let link = '';
    await expect
      .poll(() => {
        const line = stack
          .output()
          .split('\n')
          .find((l) => l.includes('"resetLink"') && l.includes(DORA.email));
        link = line ? (JSON.parse(line) as { resetLink: string }).resetLink : '';
        return link;
      })
      .toContain('/reset-password?token=');
    expect(stack.output()).not.toContain('nobody@example.com');
    const token = new URL(link).searchParams.get('token')!;

    await page.goto(`${stack.baseUrl}/reset-password?token=${encodeURIComponent(token)}`);
    await page.locator('[data-testid=reset-form] input[name=password]').fill('the password after reset');
    await page.locator('[data-testid=reset-form] input[name=repeat]').fill('the password after reset');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByTestId('reset-done').waitFor();
    await page.getByTestId('reset-sign-in').click();
    await page.waitForURL('**/sign-in');
    await page.getByLabel('Email').fill(DORA.email);
    await page.getByLabel('Password', { exact: true }).fill('the password after reset');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.baseUrl}/`);

    // The link worked once.
    await page.goto(`${stack.baseUrl}/reset-password?token=${encodeURIComponent(token)}`);
    await page.locator('[data-testid=reset-form] input[name=password]').fill('yet another password');
    await page.locator('[data-testid=reset-form] input[name=repeat]').fill('yet another password');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByTestId('reset-invalid').waitFor();
  });

  it('has no serious accessibility problems on the account, admin and password-reset pages', async () => {
    const problems = async (page: Page) => {
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
    };
    const found: string[] = [];
    for (const [url, ready] of [
      ['/account', '[data-testid=session]'],
      ['/admin', '[data-testid=admin-model]'],
      ['/admin?tab=users', '[data-testid=admin-user]'],
      ['/admin?tab=usage', '[data-testid=admin-usage-totals]'],
    ] as const) {
      await adminPage.goto(`${stack.baseUrl}${url}`);
      await adminPage.locator(ready).first().waitFor();
      found.push(...(await problems(adminPage)).map((p) => `${url} ${p}`));
    }
    const signedOut = await newPage();
    for (const url of ['/forgot-password', '/reset-password?token=x']) {
      await signedOut.goto(`${stack.baseUrl}${url}`);
      await signedOut.locator('h1').waitFor();
      found.push(...(await problems(signedOut)).map((p) => `${url} ${p}`));
    }
    expect(found).toEqual([]);
  });

  it('deletes an account, handing its space to a member: signed out, and the account is gone', async () => {
    const page = await newPage();
    await signIn(page, CY.email);
    await page.getByTestId('nav-account').click();
    await page.getByTestId('delete-account').click();
    const dialog = page.getByTestId('delete-dialog');
    const space = dialog.locator('[data-testid=owned-space][data-space="Cy’s team"]');
    await space.getByTestId('space-candidate').selectOption({ label: `${DORA.name} (${DORA.email})` });
    await expect(space.getByTestId('space-transfer').isChecked()).resolves.toBe(true);
    await dialog.getByTestId('delete-confirm').fill(CY.email.toUpperCase());
    await dialog.getByTestId('delete-password').fill(PASSWORD);
    await dialog.getByTestId('delete-confirm-button').click();

    await page.waitForURL('**/sign-in');
    await expect(page.getByTestId('auth-notice').textContent()).resolves.toBe('Your account and all its data have been deleted.');
    await page.getByLabel('Email').fill(CY.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('auth-error').textContent()).resolves.toBe('Email or password is wrong.');

    const dora = await login(DORA.email, 'the password after reset');
    const spaces = (await call(dora.accessToken, 'GET', '/spaces')) as { items: { name: string; role: string }[] };
    expect(spaces.items).toEqual([expect.objectContaining({ name: 'Cy’s team', role: 'owner' })]);
    expect(errors).toEqual([]);
  });
});
