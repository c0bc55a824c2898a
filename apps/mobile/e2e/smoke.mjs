// Smoke test of the exported web build against the real API server: point the app at the server
// through the settings screen, sign up, create a space, stream a reply, reload mid-stream and see
// the reply finish exactly once, see a chat created elsewhere appear live (GET /events). Takes the
// phone-size screenshots in docs/screenshots/mobile-*.png.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManaClient } from '@mana/client';
import { chromium } from 'playwright-core';
import { serveStatic } from './static-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const appDir = path.resolve(here, '..');
const repo = path.resolve(appDir, '../..');
const dist = path.join(appDir, 'dist');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const screenshots = path.join(repo, 'docs/screenshots');
const started = Date.now();

if (!existsSync(chromiumPath)) {
  console.log(`SKIP mobile web smoke test: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH).`);
  process.exit(0);
}
if (!existsSync(path.join(dist, 'index.html'))) {
  console.error('mobile smoke: no web export in apps/mobile/dist; run `npm run build -w apps/mobile` first.');
  process.exit(1);
}
if (!existsSync(path.join(repo, 'apps/server/dist/main.js'))) {
  const build = spawnSync('npm', ['run', 'build', '-w', 'packages/contracts', '-w', 'packages/client', '-w', 'apps/server'], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

const cleanups = [];
const cleanup = async () => {
  for (const step of cleanups.reverse()) await step().catch(() => undefined);
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

let failed = false;
try {
  const { server: web, origin } = await serveStatic(dist);
  cleanups.push(() => new Promise((resolve) => web.close(resolve)));

  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mana-mobile-smoke-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const api = spawn(process.execPath, [path.join(repo, 'apps/server/dist/main.js')], {
    env: {
      ...process.env,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CORS_ORIGINS: origin,
      ECHO_DELAY_MS: '25',
      LOG_LEVEL: 'warn',
      // One account sends a burst of messages here; the per-account defaults (30/min, 4 at once) are for people.
      MESSAGE_LIMIT_PER_MINUTE: '1000',
      MAX_CONCURRENT_GENERATIONS: '20',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let apiLog = '';
  api.stdout.on('data', (d) => (apiLog += d));
  api.stderr.on('data', (d) => (apiLog += d));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        if (api.exitCode !== null) return resolve();
        api.once('exit', resolve);
        api.kill('SIGTERM');
      }),
  );
  const apiClient = new ManaClient({ baseUrl: apiUrl });
  for (let i = 0; ; i++) {
    try {
      await apiClient.health();
      break;
    } catch {
      if (i > 150 || api.exitCode !== null) throw new Error(`API server did not start:\n${apiLog}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
  cleanups.push(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: 'light' });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.setDefaultTimeout(20_000);
  mkdirSync(screenshots, { recursive: true });
  const byId = (id) => page.getByTestId(id);
  const step = (name) => console.log(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

  // 1. Point the app at the test server from the sign-in screen's server link.
  await page.goto(origin);
  await byId('auth-server').click();
  await byId('settings-backend-url').fill(apiUrl);
  await byId('settings-backend-save').click();
  await byId('settings-server-status').getByText(apiUrl, { exact: false }).waitFor();
  await byId('header-back').click();
  await byId('sign-in-submit').waitFor();
  await byId('sign-in-email').fill('mia@example.com');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(screenshots, 'mobile-sign-in.png') });
  step('backend URL set in settings, sign-in screen shown');

  // 2. Sign up (tokens go to the same storage interface the native app uses).
  const email = `smoke-${Date.now()}@example.com`;
  const password = 'correct horse battery';
  await byId('go-sign-up').click();
  await byId('sign-up-name').fill('Mia Smoke');
  await byId('sign-up-email').fill(email);
  await byId('sign-up-password').fill(password);
  await byId('sign-up-submit').click();
  await byId('conversation-list-screen').waitFor();
  step('signed up, conversation list shown');

  // 2b. Spaces: create one and see it listed with my role.
  await byId('open-spaces').click();
  await byId('spaces-empty').waitFor();
  await byId('space-new').click();
  await byId('space-create-dialog-input').fill('Smoke space');
  await byId('space-create-dialog-confirm').click();
  await page.getByText('Smoke space').waitFor();
  await page.getByText('Owner', { exact: true }).waitFor();
  await byId('header-back').click();
  await byId('conversation-list-screen').waitFor();
  step('space created and listed');

  // 3. New chat: the reply streams in through the real server's SSE.
  await byId('new-chat').click();
  await byId('composer-input').fill('Plan a weekend in Lisbon: three sights, one **restaurant**, and a rainy-day fallback.');
  await byId('composer-send').click();
  const reply = page.locator('[data-testid^="assistant-text-"]').last();
  await reply.getByText('Offline echo').waitFor();
  await page.locator('[data-testid^="message-cost-"]').last().waitFor();
  await page.waitForURL(/\/chat\/[0-9a-f-]{36}/);
  const firstText = await reply.innerText();
  if (firstText.split('You wrote:').length !== 2) throw new Error(`reply text appears more than once:\n${firstText}`);
  if (!firstText.includes('mana-chat reply --model builtin/echo')) throw new Error(`reply incomplete:\n${firstText}`);
  step('streamed reply received, cost shown');

  // 4. A second chat, reloaded in the middle of its reply: the reply resumes and every word shows once.
  const firstChatUrl = page.url();
  await byId('header-back').click();
  await byId('new-chat').click();
  const words = Array.from({ length: 120 }, (_, i) => `w${i}`).join(' ');
  await byId('composer-input').fill(`Count these: ${words}`);
  await byId('composer-send').click();
  await byId('composer-stop').waitFor();
  await page.waitForURL(/\/chat\/[0-9a-f-]{36}/);
  await page.locator('[data-testid^="assistant-text-"]').last().getByText('Offline echo').waitFor();
  await page.reload();
  await byId('chat-screen').waitFor();
  await page.locator('[data-testid^="message-cost-"]').last().waitFor({ timeout: 30_000 });
  const resumed = await page.locator('[data-testid^="assistant-text-"]').last().innerText();
  for (const marker of ['Offline echo', 'You wrote:', 'w0 w1 w2', 'w119', '--words 122']) {
    const count = resumed.split(marker).length - 1;
    if (count !== 1) throw new Error(`after the reload "${marker}" appears ${count} times:\n${resumed}`);
  }
  step('reload mid-stream: reply resumed and shown once');

  // 5. Populate the list through the API (same account) and screenshot it. The first chat appears in
  //    the open list without a reload: the app hears `conversation.created` on GET /events.
  await byId('header-back').click();
  await byId('conversation-list-screen').waitFor();
  await apiClient.login({ email, password });
  await apiClient.createConversation({ title: 'Made on another device' });
  await page.getByText('Made on another device').waitFor({ timeout: 10_000 });
  step('a chat created elsewhere appears live');
  const seeds = ['Trip to Lisbon', 'Refactor the billing module', 'Sourdough schedule', 'Quarterly report outline', 'Birthday gift ideas'];
  for (const title of seeds) {
    const conversation = await apiClient.createConversation({ title });
    const sent = await apiClient.sendMessage(conversation.id, { content: `Notes about ${title.toLowerCase()}` });
    // The server caps concurrent replies per account; let each one finish before the next.
    for await (const event of apiClient.attachToReply(sent.assistantMessages[0].id)) void event;
    if (title.startsWith('Refactor')) await apiClient.updateConversation(conversation.id, { isPinned: true });
  }
  await page.goto(origin);
  await byId('conversation-list-screen').waitFor();
  await page.getByText('Birthday gift ideas').waitFor();
  await page.getByText('Pinned', { exact: true }).waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(screenshots, 'mobile-conversations.png') });
  step('conversation list with pinned and recent sections');

  // 6. Search finds a message and highlights the hit.
  await byId('conversation-search').fill('sourdough');
  await page.locator('[data-testid^="snippet-"]').first().waitFor();
  await byId('conversation-search-clear').click();
  step('search shows snippets');

  // 7. Back to the first chat for the screenshot of a streamed reply.
  await page.goto(firstChatUrl);
  await page.locator('[data-testid^="message-cost-"]').first().waitFor();
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(screenshots, 'mobile-chat.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(screenshots, 'mobile-chat-dark.png') });
  step('chat screenshots (light, dark)');

  if (pageErrors.length) throw new Error(`errors in the page:\n${pageErrors.join('\n')}`);
  console.log(`mobile web smoke: passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  failed = true;
  console.error('mobile web smoke: FAILED');
  console.error(error);
} finally {
  await cleanup();
}
process.exit(failed ? 1 : 0);
