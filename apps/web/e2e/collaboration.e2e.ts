import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenRouter, type FakeOpenRouter } from '../../server/test/fake-openrouter';
import { ensureBuilt, hasChromium, launchBrowser, ROOT, SKIP_NOTICE, startStack, type Stack } from './stack';

if (!hasChromium) console.log(SKIP_NOTICE);

const PASSWORD = 'a good long password';
const assistants = '[data-testid=message][data-role=assistant]';
const waitForLastReply = (page: Page, status: string, timeout = 30_000) =>
  page.waitForFunction(([sel, s]) => [...document.querySelectorAll(sel)].at(-1)?.getAttribute('data-status') === s, [assistants, status] as const, { timeout });

/** WCAG 2 A/AA problems axe rates serious or critical, as "rule: element" lines. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

describe.skipIf(!hasChromium)('web app: live sync, compare, documents, spaces, sharing, export (real server)', () => {
  let fake: FakeOpenRouter;
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Problems any page reported: uncaught errors and Content-Security-Policy violations. */
  const problems: string[] = [];
  const owner = { name: 'Ada Owner', email: `owner-${Date.now()}@example.com` };
  const guest = { name: 'Grace Guest', email: `guest-${Date.now()}@example.com` };
  let a: Page; // the owner, first window
  let b: Page; // the owner, second window

  async function newPage(viewport = { width: 1280, height: 860 }): Promise<Page> {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    contexts.push(context);
    // New chats start with the offline model (the fake OpenRouter's models are picked explicitly).
    await context.addInitScript(() => {
      if (!localStorage.getItem('mana.settings')) localStorage.setItem('mana.settings', JSON.stringify({ theme: 'light', language: 'en', defaultModelId: 'builtin/echo' }));
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (/Content[- ]Security[- ]Policy|Refused to (load|execute|connect|apply)/i.test(text)) problems.push(`csp: ${text}`);
    });
    return page;
  }

  async function signIn(page: Page, who: { email: string }) {
    await page.goto(`${stack.baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.baseUrl}/`);
  }

  /** Opens the new-chat screen and waits for it (the old screen's composer must not get the text). */
  async function newChat(page: Page) {
    await page.getByTestId('new-chat').click();
    await page.waitForURL(`${stack.baseUrl}/`);
    await page.getByTestId('document-toggle').waitFor();
  }

  const register = (who: { name: string; email: string }) =>
    fetch(`${stack.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...who, password: PASSWORD }),
    }).then((r) => r.json() as Promise<{ accessToken: string }>);

  beforeAll(async () => {
    ensureBuilt();
    fake = await startFakeOpenRouter();
    stack = await startStack({ OPENROUTER_API_KEY: fake.apiKey, OPENROUTER_BASE_URL: fake.baseUrl });
    await register(owner);
    await register(guest);
    browser = await launchBrowser();
    a = await newPage();
    b = await newPage();
    await signIn(a, owner);
    await signIn(b, owner);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
    await fake?.close();
  });

  it('two windows of one user see each other\'s new chats and replies without reloading', async () => {
    // Anything that reloads window B loses this marker.
    await b.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    await a.getByTestId('composer-input').fill('Tell me about sea otters');
    await a.keyboard.press('Enter');
    await a.waitForURL('**/c/*');
    const id = a.url().split('/c/')[1];

    // B's sidebar shows the new chat, then B opens it (a client-side navigation) while the reply runs.
    const row = b.locator(`[data-testid=conversation-row][data-id="${id}"]`);
    await row.waitFor({ timeout: 10_000 });
    await row.locator('a').click();
    await b.waitForURL(`**/c/${id}`);
    await waitForLastReply(b, 'complete');
    await waitForLastReply(a, 'complete');
    // The title the server gives after the first reply arrives in B's sidebar too.
    await b.waitForFunction((cid) => /sea otters/i.test(document.querySelector(`[data-testid=conversation-row][data-id="${cid}"]`)?.textContent ?? ''), id, { timeout: 15_000 });

    // A asks again; B, already looking at the chat, sees the question and the reply stream in live.
    await a.getByTestId('composer-input').fill('And what do otters eat');
    await a.keyboard.press('Enter');
    await b.waitForFunction(() => [...document.querySelectorAll('[data-role=user] [data-testid=message-text]')].some((el) => el.textContent === 'And what do otters eat'));
    await b.waitForFunction(
      (sel) => {
        const reply = [...document.querySelectorAll(sel)].at(-1);
        return reply?.getAttribute('data-status') === 'streaming' && (reply.textContent ?? '').includes('Offline echo');
      },
      assistants,
      { timeout: 15_000 },
    );
    const partial = (await b.locator(assistants).last().innerText()).length;
    await waitForLastReply(b, 'complete');
    await waitForLastReply(a, 'complete');
    const replyInB = await b.locator(assistants).last().innerText();
    expect(replyInB.length).toBeGreaterThan(partial);
    // Nothing doubled, in either window.
    expect(replyInB.match(/otters eat/g)).toHaveLength(1);
    await expect(b.locator('[data-testid=message]').count()).resolves.toBe(4);
    await expect(a.locator('[data-testid=message]').count()).resolves.toBe(4);
    await expect(a.locator(assistants).last().innerText()).resolves.toBe(replyInB);
    await expect(b.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).resolves.toBe(true);

    // A deletes the chat; it leaves B's sidebar and B's view says so.
    await a.getByTestId('sidebar').locator(`[data-testid=conversation-row][data-id="${id}"]`).hover();
    await a.locator(`[data-testid=conversation-row][data-id="${id}"] [data-testid=conversation-menu]`).click();
    await a.getByTestId('delete').click();
    await a.getByTestId('confirm-dialog').getByTestId('confirm').click();
    await row.waitFor({ state: 'detached' });
    await b.getByText('This conversation does not exist or was deleted.').waitFor();
    await expect(b.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).resolves.toBe(true);
  });

  it('compares two models side by side and continues with the chosen reply', async () => {
    fake.scenarioForModel('openai/gpt-4o-mini', { stream: { deltas: 60, intervalMs: 40, text: (i) => `alpha${i} `, cost: 0.00042 } });
    fake.scenarioForModel('anthropic/claude-sonnet-4', { stream: { deltas: 60, intervalMs: 50, text: (i) => `beta${i} `, cost: 0.0031 } });
    await newChat(a);
    await a.getByTestId('compare-toggle').click();
    const dialog = a.getByTestId('compare-dialog');
    await dialog.locator('[data-model-id="openai/gpt-4o-mini"]').check();
    await dialog.locator('[data-model-id="anthropic/claude-sonnet-4"]').check();
    await dialog.getByTestId('compare-apply').click();
    await expect(a.getByTestId('compare-toggle').textContent()).resolves.toContain('Comparing 2');
    await a.getByTestId('composer-input').fill('Name a colour');
    await a.keyboard.press('Enter');
    await a.waitForURL('**/c/*');

    const columns = a.getByTestId('compare-column');
    await a.waitForFunction(() => document.querySelectorAll('[data-testid=compare-column]').length === 2);
    await expect(a.getByTestId('compare-prompt').textContent()).resolves.toBe('Name a colour');
    // Both stream at the same time.
    await a.waitForFunction(() => [...document.querySelectorAll('[data-testid=compare-column]')].every((c) => c.getAttribute('data-status') === 'streaming' && /\w+\d/.test(c.querySelector('[data-testid=compare-text]')?.textContent ?? '')), null, { timeout: 15_000 });
    await a.waitForFunction(() => [...document.querySelectorAll('[data-testid=compare-column]')].every((c) => c.getAttribute('data-status') === 'complete'), null, { timeout: 20_000 });
    const beta = a.locator('[data-testid=compare-column][data-model-id="anthropic/claude-sonnet-4"]');
    await expect(beta.getByTestId('compare-text').innerText()).resolves.toContain('beta59');
    await expect(a.locator('[data-testid=compare-column][data-model-id="openai/gpt-4o-mini"] [data-testid=compare-text]').innerText()).resolves.toContain('alpha59');
    expect(await accessibilityProblems(a)).toEqual([]);
    const meta = await beta.getByTestId('compare-meta').innerText();
    expect(meta).toMatch(/\d+ in · \d+ out/);
    expect(meta).toContain('$0.0031');

    // Side by side at desktop width, stacked at 360 px.
    const [first, second] = [await columns.nth(0).boundingBox(), await columns.nth(1).boundingBox()];
    expect(Math.abs(first!.y - second!.y)).toBeLessThan(2);
    expect(second!.x).toBeGreaterThan(first!.x + first!.width - 1);
    await a.setViewportSize({ width: 360, height: 780 });
    const [narrow1, narrow2] = [await columns.nth(0).boundingBox(), await columns.nth(1).boundingBox()];
    expect(Math.abs(narrow1!.x - narrow2!.x)).toBeLessThan(2);
    expect(narrow2!.y).toBeGreaterThanOrEqual(narrow1!.y + narrow1!.height);
    await a.setViewportSize({ width: 1280, height: 860 });

    await beta.getByTestId('compare-choose').click();
    await a.getByTestId('compare-view').waitFor({ state: 'detached' });
    await a.waitForFunction((sel) => ([...document.querySelectorAll(sel)].at(-1)?.textContent ?? '').includes('beta59'), assistants);
    const reply = a.locator(assistants).last();
    await expect(reply.innerText()).resolves.toContain('beta59');
    await expect(reply.getByTestId('branch-count').textContent()).resolves.toBe('2/2');
    await expect(a.locator('[data-testid=message]').count()).resolves.toBe(2);
    // The choice is the conversation's branch on the server too.
    await a.reload();
    await a.locator(assistants).last().waitFor();
    await expect(a.locator(assistants).last().innerText()).resolves.toContain('beta59');
  });

  it('a document chat keeps versions: diff, restore, manual edit and .md export', async () => {
    await newChat(a);
    await a.getByTestId('document-toggle').click();
    await a.getByTestId('composer-input').fill('Plan for the garden');
    await a.keyboard.press('Enter');
    await a.waitForURL('**/c/*');
    const panel = a.getByTestId('document-panel');
    await panel.waitFor();
    await waitForLastReply(a, 'complete');
    await a.waitForFunction(() => document.querySelector('[data-testid=document-version]')?.textContent === 'v1', null, { timeout: 10_000 });
    await expect(panel.getByTestId('document-content').innerText()).resolves.toContain('Plan for the garden');

    await a.getByTestId('composer-input').fill('Add tomatoes');
    await a.keyboard.press('Enter');
    await waitForLastReply(a, 'complete');
    await a.waitForFunction(() => document.querySelector('[data-testid=document-version]')?.textContent === 'v2', null, { timeout: 10_000 });
    await expect(panel.getByTestId('document-content').innerText()).resolves.toContain('Add tomatoes');

    // Versions: the diff of v1 → v2 shows the changed quote as removed and added lines.
    await panel.getByTestId('versions-tab').click();
    await expect(panel.getByTestId('version-row').count()).resolves.toBe(2);
    await panel.getByTestId('diff-run').click();
    const diff = panel.getByTestId('document-diff');
    await diff.waitFor();
    await expect(diff.locator('[data-kind=removed]').filter({ hasText: 'Plan for the garden' }).count()).resolves.toBe(1);
    await expect(diff.locator('[data-kind=added]').filter({ hasText: 'Add tomatoes' }).count()).resolves.toBe(1);
    expect(await accessibilityProblems(a)).toEqual([]);
    const removedColour = await diff.locator('[data-kind=removed] .text').first().evaluate((el) => getComputedStyle(el).color);
    const addedColour = await diff.locator('[data-kind=added] .text').first().evaluate((el) => getComputedStyle(el).color);
    expect(removedColour).not.toBe(addedColour);

    // View version 1, then restore it: it comes back as version 3.
    await panel.locator('[data-testid=version-row][data-version="1"] [data-testid=version-view]').click();
    await expect(panel.getByTestId('document-viewing').innerText()).resolves.toContain('Version 1 of 2');
    await expect(panel.getByTestId('document-content').innerText()).resolves.toContain('Plan for the garden');
    await panel.getByTestId('document-restore-viewing').click();
    await a.waitForFunction(() => document.querySelector('[data-testid=document-version]')?.textContent === 'v3');
    await expect(panel.getByTestId('document-content').innerText()).resolves.toContain('Plan for the garden');
    await expect(panel.getByTestId('document-content').innerText()).resolves.not.toContain('Add tomatoes');

    // A manual edit becomes version 4; the export is that text.
    await panel.getByTestId('document-edit').click();
    await panel.getByTestId('document-editor').fill('# Garden\n\n- tomatoes\n- beans');
    await panel.getByTestId('document-save').click();
    await a.waitForFunction(() => document.querySelector('[data-testid=document-version]')?.textContent === 'v4');
    await expect(panel.locator('[data-testid=document-content] h1').textContent()).resolves.toBe('Garden');
    const [download] = await Promise.all([a.waitForEvent('download'), panel.getByTestId('document-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    expect(readFileSync((await download.path())!, 'utf8')).toBe('# Garden\n\n- tomatoes\n- beans');
  });

  it('a share link opens in a fresh browser without an account, read-only and sanitized, until revoked', async () => {
    await newChat(a);
    await a.getByTestId('composer-input').fill('Is <img src=x onerror="window.__pwned=1"> safe to share?');
    await a.keyboard.press('Enter');
    await a.waitForURL('**/c/*');
    await waitForLastReply(a, 'complete');
    await a.getByTestId('chat-menu').click();
    await a.getByTestId('share').click();
    const dialog = a.getByTestId('share-dialog');
    await dialog.getByTestId('share-create').click();
    const url = await dialog.getByTestId('share-url').first().inputValue();
    expect(url).toMatch(new RegExp(`^${stack.baseUrl}/share/[A-Za-z0-9_-]{32}$`));

    const stranger = await newPage({ width: 390, height: 844 });
    await stranger.goto(url);
    await stranger.getByTestId('share-title').waitFor();
    expect(stranger.url()).toBe(url); // not sent to sign-in
    const messages = stranger.getByTestId('shared-message');
    await expect(messages.count()).resolves.toBe(2);
    await expect(messages.first().innerText()).resolves.toBe('Is <img src=x onerror="window.__pwned=1"> safe to share?');
    await expect(messages.nth(1).locator('h2').textContent()).resolves.toBe('Offline echo');
    await expect(stranger.locator('[data-testid=share-messages] img').count()).resolves.toBe(0);
    await expect(stranger.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    await expect(stranger.getByTestId('try-mana').getAttribute('href')).resolves.toBe('/sign-up');
    expect(await accessibilityProblems(stranger)).toEqual([]);
    await expect(stranger.evaluate(() => localStorage.getItem('mana.session'))).resolves.toBeNull();

    await dialog.getByTestId('share-revoke').first().click();
    await dialog.getByTestId('share-link').waitFor({ state: 'detached' });
    await a.keyboard.press('Escape');
    await stranger.reload();
    await stranger.getByTestId('share-missing').waitFor();
  });

  it('exports a conversation as JSON and imports it (and a ChatGPT export) from settings', async () => {
    await a.getByTestId('chat-menu').click();
    const [download] = await Promise.all([a.waitForEvent('download'), a.getByTestId('export-json').click()]);
    const file = (await download.path())!;
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported).toMatchObject({ format: 'mana-chat-conversations', version: 1 });
    expect(exported.conversations).toHaveLength(1);

    const rowsBefore = await a.locator('[data-testid=sidebar] [data-testid=conversation-row]').count();
    await a.getByTestId('nav-settings').click();
    await a.getByTestId('import-file').setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: readFileSync(file) });
    await expect(a.getByTestId('import-result').textContent()).resolves.toContain('Imported 1 conversations.');
    await a.waitForFunction((n) => document.querySelectorAll('[data-testid=sidebar] [data-testid=conversation-row]').length === n + 1, rowsBefore);

    await a.getByTestId('import-file').setInputFiles(path.join(ROOT, 'apps/server/test/fixtures/chatgpt-conversations.json'));
    await a.waitForFunction(() => document.querySelector('[data-testid=import-result]')?.textContent?.includes('from ChatGPT'));
    await a.getByTestId('sidebar').getByText('Sourdough starter').waitFor();

    await a.getByTestId('import-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('not json') });
    await expect(a.getByTestId('import-error').textContent()).resolves.toContain('is not a JSON file');
  });

  it('spaces: invite, accept in another browser, roles decide who writes, and a refusal is shown clearly', async () => {
    // The owner creates a space and invites the guest as a member.
    await a.goto(`${stack.baseUrl}/spaces`);
    await a.getByTestId('space-name').fill('Research team');
    await a.getByTestId('space-create').click();
    await a.waitForURL('**/spaces/*');
    const spaceId = a.url().split('/spaces/')[1];
    await expect(a.getByTestId('my-role').textContent()).resolves.toBe('Owner');
    await a.getByTestId('invite-email').fill(guest.email);
    await a.getByTestId('invite-role').selectOption('member');
    await a.getByTestId('invite-send').click();
    const guestRow = a.locator(`[data-testid=member-row][data-email="${guest.email}"]`);
    await guestRow.waitFor();
    await expect(guestRow.getAttribute('data-status')).resolves.toBe('pending');
    expect(await accessibilityProblems(a)).toEqual([]);

    // A chat in the space.
    await a.getByTestId('space-new-chat').click();
    await a.getByTestId('new-chat-space').waitFor();
    await a.getByTestId('composer-input').fill('Kickoff notes for the team');
    await a.keyboard.press('Enter');
    await a.waitForURL('**/c/*');
    const chatId = a.url().split('/c/')[1];
    await waitForLastReply(a, 'complete');
    await expect(a.getByTestId('conversation-space').textContent()).resolves.toBe('Research team');

    // The guest, in another browser, accepts and reads the space's chat.
    const g = await newPage();
    await signIn(g, guest);
    await g.getByTestId('invitations-link').click();
    await g.getByTestId('invitation').filter({ hasText: 'Research team' }).getByTestId('accept').click();
    await g.getByTestId('invitations').waitFor({ state: 'detached' });
    await g.getByTestId('space-list').getByText('Research team').waitFor();
    await g.goto(`${stack.baseUrl}/`);
    await g.getByTestId('space-switcher').selectOption(spaceId);
    await g.locator(`[data-testid=conversation-row][data-id="${chatId}"] a`).click();
    await g.waitForURL(`**/c/${chatId}`);
    await waitForLastReply(g, 'complete');
    await g.getByTestId('composer-input').waitFor(); // a member writes

    // The owner makes the guest a viewer while the guest's page still offers the composer.
    await a.goto(`${stack.baseUrl}/spaces/${spaceId}`);
    await expect(guestRow.getAttribute('data-status')).resolves.toBe('accepted');
    await guestRow.getByTestId('member-role').selectOption('viewer');
    await a.waitForFunction((email) => document.querySelector(`[data-testid=member-row][data-email="${email}"]`)?.getAttribute('data-role') === 'viewer', guest.email);

    await g.getByTestId('composer-input').fill('Can I still write?');
    await g.keyboard.press('Enter');
    await g.getByText('You are not allowed to do that. Viewers of a space can read its conversations but not change them.', { exact: false }).first().waitFor();
    await expect(g.getByTestId('composer-input').inputValue()).resolves.toBe('Can I still write?'); // nothing typed is lost
    await g.reload();
    await g.getByTestId('read-only').waitFor();
    await expect(g.getByTestId('composer-input').count()).resolves.toBe(0);
    await expect(g.getByTestId('regenerate').count()).resolves.toBe(0);

    // The guest sees their role and can only leave; the space's members page offers no management.
    await g.goto(`${stack.baseUrl}/spaces/${spaceId}`);
    await expect(g.getByTestId('my-role').textContent()).resolves.toBe('Viewer');
    await expect(g.getByTestId('invite-form').count()).resolves.toBe(0);
    await expect(g.getByTestId('member-remove').count()).resolves.toBe(0);
    await expect(g.getByTestId('space-delete').count()).resolves.toBe(0);
    await g.getByTestId('space-leave').click();
    await g.getByTestId('confirm-dialog').getByTestId('confirm').click();
    await g.waitForURL('**/spaces');
    await expect(g.getByTestId('space-list').count()).resolves.toBe(0);
  });

  it('reported no page errors and no Content-Security-Policy violations', () => {
    expect(problems).toEqual([]);
  });
});
