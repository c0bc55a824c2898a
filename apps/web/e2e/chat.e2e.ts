import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, hasChromium, launchBrowser, SKIP_NOTICE, startStack, type Stack } from './stack';

if (!hasChromium) console.log(SKIP_NOTICE);

const lastReply = (page: Page) => page.locator('[data-testid=message][data-role=assistant]').last();
/** WCAG 2 A/AA problems axe rates serious or critical, as "rule: element" lines. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

const replyStatus = (page: Page) => lastReply(page).getAttribute('data-status');
const waitForReply = (page: Page, status: string, timeout = 20_000) =>
  page.waitForFunction((s) => [...document.querySelectorAll('[data-testid=message][data-role=assistant]')].at(-1)?.getAttribute('data-status') === s, status, { timeout });

describe.skipIf(!hasChromium)('web app against the real server (offline model)', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const email = `e2e-${Date.now()}@example.com`;

  beforeAll(async () => {
    ensureBuilt();
    stack = await startStack();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    page.on('pageerror', (error) => errors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('signs up and lands on a new chat', async () => {
    await page.goto(stack.baseUrl);
    await page.waitForURL('**/sign-in');
    await page.getByRole('link', { name: 'Create account' }).click();
    await page.getByLabel('Name').fill('E2E Tester');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a good long password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${stack.baseUrl}/`);
    await expect(page.getByTestId('model-picker').textContent()).resolves.toContain('Offline');
  });

  it('sends a message and the reply streams in as rendered markdown', async () => {
    await page.getByTestId('composer-input').fill('Tell me about zebras and their stripes');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/c/*');
    await expect(page.locator('[data-role=user] [data-testid=message-text]').textContent()).resolves.toBe('Tell me about zebras and their stripes');

    // Mid-stream: some text is there, the reply is not finished and the composer offers Stop.
    await page.waitForFunction(() => {
      const reply = [...document.querySelectorAll('[data-role=assistant]')].at(-1);
      return reply?.getAttribute('data-status') === 'streaming' && (reply.textContent ?? '').includes('Offline echo');
    });
    await expect(page.getByTestId('stop').isVisible()).resolves.toBe(true);
    const partial = (await lastReply(page).innerText()).length;

    await waitForReply(page, 'complete');
    const reply = lastReply(page);
    expect((await reply.innerText()).length).toBeGreaterThan(partial);
    await expect(reply.locator('h2').first().textContent()).resolves.toBe('Offline echo');
    await expect(reply.locator('blockquote').count()).resolves.toBe(1);
    await expect(reply.locator('.code-block button[data-copy-code]').count()).resolves.toBe(1);
    await expect(reply.getByTestId('message-cost').textContent()).resolves.toBe('$0');
    await expect(reply.getByTestId('message-meta').textContent()).resolves.toMatch(/\d+ in · \d+ out/);
  });

  it('stops a reply mid-stream and keeps the partial text', async () => {
    await page.getByTestId('composer-input').fill('Please count all the stars');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => ([...document.querySelectorAll('[data-role=assistant]')].at(-1)?.textContent ?? '').includes('offline model'));
    await page.keyboard.press('Escape');
    await waitForReply(page, 'cancelled');
    const text = await lastReply(page).innerText();
    expect(text).toContain('Offline echo');
    expect(text).not.toContain('mana-chat reply');
    await expect(lastReply(page).getByText('Stopped').isVisible()).resolves.toBe(true);
  });

  it('regenerates: a second version appears and the branch switcher shows 2/2', async () => {
    await lastReply(page).getByTestId('regenerate').click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-role=assistant]')].at(-1)?.getAttribute('data-status') !== 'cancelled');
    await waitForReply(page, 'complete');
    await expect(lastReply(page).getByTestId('branch-count').textContent()).resolves.toBe('2/2');
    await expect(lastReply(page).innerText()).resolves.toContain('mana-chat reply');
  });

  it('switches between branches with ‹ and ›', async () => {
    await lastReply(page).getByTestId('branch-prev').click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-role=assistant]')].at(-1)?.querySelector('[data-testid=branch-count]')?.textContent === '1/2');
    await expect(replyStatus(page)).resolves.toBe('cancelled');
    await lastReply(page).getByTestId('branch-next').click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-role=assistant]')].at(-1)?.querySelector('[data-testid=branch-count]')?.textContent === '2/2');
    await expect(replyStatus(page)).resolves.toBe('complete');
  });

  it('reloads mid-stream and sees the same reply finish, with nothing doubled', async () => {
    await page.getByTestId('composer-input').fill('A question about lighthouses that survives a reload');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => ([...document.querySelectorAll('[data-role=assistant]')].at(-1)?.textContent ?? '').includes('You wrote'));
    const messagesBefore = await page.locator('[data-testid=message]').count();
    await page.reload();
    await page.waitForSelector('[data-testid=message][data-role=assistant]');
    await expect(replyStatus(page)).resolves.toMatch(/streaming|pending/);
    await waitForReply(page, 'complete');
    const text = await lastReply(page).innerText();
    expect(text.match(/Offline echo/g)).toHaveLength(2); // the model label and the heading, once each
    expect(text.match(/lighthouses/g)).toHaveLength(1);
    expect(text).toContain('mana-chat reply');
    await expect(page.locator('[data-testid=message]').count()).resolves.toBe(messagesBefore);
  });

  it('search (Ctrl+K) finds the chat by a word from it, highlighted', async () => {
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-input').fill('zebras');
    const results = page.getByTestId('search-results');
    await results.locator('mark').first().waitFor();
    await expect(results.locator('mark').first().textContent()).resolves.toMatch(/zebras/i);
    const url = page.url();
    await results.getByRole('button').first().click();
    await page.waitForURL(url);
    await expect(page.getByTestId('search-dialog').isVisible()).resolves.toBe(false);
  });

  it('switches the language to German and back', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language').selectOption('de');
    await page.getByRole('heading', { name: 'Einstellungen', level: 1 }).first().waitFor();
    await expect(page.getByTestId('new-chat').textContent()).resolves.toContain('Neuer Chat');
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('de');
    await page.reload();
    await expect(page.getByTestId('new-chat').textContent()).resolves.toContain('Neuer Chat');
    await page.getByTestId('language').selectOption('en');
    await expect(page.getByTestId('new-chat').textContent()).resolves.toContain('New chat');
  });

  it('renames, pins, archives (with undo) and deletes (with confirmation) from the sidebar', async () => {
    const sidebar = page.getByTestId('sidebar');
    const row = () => sidebar.locator('[data-testid=conversation-row]').filter({ hasText: /zebra/i }).first();
    const menu = async (action: string) => {
      await row().hover();
      await row().getByTestId('conversation-menu').click();
      await page.getByTestId(action).click();
    };
    await menu('rename');
    await page.getByLabel('New title').fill('Zebra facts');
    await page.keyboard.press('Enter');
    await sidebar.getByText('Zebra facts').waitFor();

    await menu('pin');
    await page.waitForFunction(() => {
      const headings = [...document.querySelectorAll('[data-testid=sidebar] h2')].map((h) => h.textContent);
      return headings[0] === 'Pinned' && document.querySelector('[data-testid=sidebar] ul')?.textContent?.includes('Zebra facts');
    });

    await menu('archive');
    await page.getByRole('button', { name: 'Undo' }).click();
    await sidebar.getByText('Zebra facts').waitFor();

    const before = await sidebar.locator('[data-testid=conversation-row]').count();
    await page.getByTestId('new-chat').click();
    await page.waitForURL(`${stack.baseUrl}/`);
    await page.getByTestId('composer-input').fill('Throwaway chat');
    await page.keyboard.press('Enter');
    await waitForReply(page, 'complete');
    const throwaway = sidebar.locator('[data-testid=conversation-row]').filter({ hasText: 'Throwaway' }).first();
    await throwaway.waitFor();
    await throwaway.hover();
    await throwaway.getByTestId('conversation-menu').click();
    await page.getByTestId('delete').click();
    await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
    await page.waitForURL(`${stack.baseUrl}/`);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=sidebar] [data-testid=conversation-row]').length === n, before);
  });

  it('creates a template and starts a chat from it', async () => {
    await page.getByRole('link', { name: 'Templates' }).click();
    await page.getByTestId('new-template').click();
    await page.getByTestId('template-name').fill('Pirate');
    await page.getByTestId('template-prompt').fill('Answer like a pirate.');
    await page.getByLabel(/First message/).fill('Where is the treasure?');
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-card').filter({ hasText: 'Pirate' }).getByTestId('template-start').click();
    await page.waitForURL('**/c/*');
    await expect(page.getByTestId('composer-input').inputValue()).resolves.toBe('Where is the treasure?');
    await expect(page.getByText('Answer like a pirate.').isVisible()).resolves.toBe(true);
  });

  it('has no serious accessibility problems on the chat, model picker and settings screens', async () => {
    await page.getByRole('link', { name: /New chat/ }).first().click();
    await page.getByRole('link', { name: /zebra/i }).first().click();
    await page.locator('[data-role=assistant]').first().waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByTestId('model-picker').click();
    await page.getByTestId('model-option').first().waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('signs out and lands on sign-in with a notice', async () => {
    await page.getByTestId('sign-out').click();
    await page.waitForURL('**/sign-in');
    await expect(page.getByTestId('auth-notice').textContent()).resolves.toContain('signed out');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.goto(`${stack.baseUrl}/settings`);
    await page.waitForURL('**/sign-in');
    expect(errors).toEqual([]);
  });

  it('signs in again; a session that died meanwhile lands on sign-in with a message', async () => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a good long password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.baseUrl}/`);
    await page.getByText(/zebra/i).first().waitFor();
    // Both tokens become worthless (as after a server-side revocation), then the tab reloads.
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('mana.session')!);
      localStorage.setItem('mana.session', JSON.stringify({ ...session, accessToken: 'expired', refreshToken: 'revoked' }));
    });
    await page.reload();
    await page.waitForURL('**/sign-in');
    await expect(page.getByTestId('auth-notice').textContent()).resolves.toContain('Your session has ended');
  });
});
