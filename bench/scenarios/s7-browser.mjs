// S7: the web app in Chromium (headless, on the load-generator core; the API on the server core).
//  - a 1,000-message conversation (built through the API: 500 turns against the fake upstream,
//    markdown replies): time from navigation to the newest messages on screen with the composer
//    ready ("usable"), and the time to scroll back through all 1,000 with the longest task meanwhile;
//  - a 4,000-token markdown reply streaming in (every 5 ms): the longest main-thread task, from a
//    Chrome trace (RunTask events on the renderer main thread), and the count of tasks over 50 ms.
// Skipped with a notice when apps/web/build is not built or Chromium / playwright-core is missing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createConversation, prepareAccount } from '../lib/account.mjs';
import { stream } from '../lib/client.mjs';
import { ROOT } from '../lib/proc.mjs';
import { max, median } from '../lib/stats.mjs';

export const id = 'S7';
export const title = 'The web app in Chromium';

const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';

function skip(ctx, why) {
  for (const metric of ['1,000-message conversation usable', 'longest main-thread task while a 4,000-token reply streams']) {
    ctx.row({ metric, unit: 'ms', skipped: why, target: { op: '<=', value: metric.includes('usable') ? 1000 : 50, on: 'ours' } });
  }
  ctx.note(`S7 skipped: ${why}`);
}

/**
 * Longest RunTask on any renderer main thread in a Chrome trace, how many exceed 50 ms, and what the
 * longest one did (the biggest trace events inside it: script, layout, style, paint).
 */
function longestTasks(traceBuffer) {
  const trace = JSON.parse(traceBuffer.toString('utf8'));
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const mainThreads = new Set();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mainThreads.add(`${e.pid}:${e.tid}`);
  const tasks = [];
  for (const e of events) {
    if (e.ph !== 'X' || (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask')) continue;
    if (!mainThreads.has(`${e.pid}:${e.tid}`)) continue;
    tasks.push(e);
  }
  if (tasks.length === 0) return { longest: NaN, over50: 0, tasks: 0, inside: '' };
  const top = tasks.reduce((a, b) => (b.dur > a.dur ? b : a));
  const inner = events
    .filter((e) => e.ph === 'X' && e !== top && e.pid === top.pid && e.tid === top.tid && e.ts >= top.ts && e.ts + (e.dur ?? 0) <= top.ts + top.dur && e.dur > 2000)
    .filter((e) => !/RunTask|ThreadController|ThreadPool/.test(e.name))
    .sort((a, b) => b.dur - a.dur)
    .slice(0, 4)
    .map((e) => {
      const d = e.args?.data ?? {};
      const what = d.functionName || d.url ? ` ${d.functionName || ''}${d.url ? ` ${String(d.url).split('/').pop()}` : ''}` : '';
      return `${e.name}${what} ${(e.dur / 1000).toFixed(0)} ms`;
    });
  const start = Math.min(...tasks.map((t) => t.ts));
  const at = `at ${((top.ts - start) / 1e6).toFixed(1)} s of ${((Math.max(...tasks.map((t) => t.ts + t.dur)) - start) / 1e6).toFixed(1)} s traced`;
  return { longest: top.dur / 1000, over50: tasks.filter((t) => t.dur > 50_000).length, tasks: tasks.length, inside: `${at}: ${inner.join(', ')}` };
}

export async function run(ctx) {
  const webBuild = path.join(ROOT, 'apps/web/build/index.html');
  if (!existsSync(webBuild)) return skip(ctx, 'apps/web/build is not built (npm run build -w apps/web)');
  if (!existsSync(CHROMIUM)) return skip(ctx, `no Chromium at ${CHROMIUM} (apt-get install chromium, or set BENCH_CHROMIUM)`);
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return skip(ctx, 'playwright-core is not installed (it comes with the web app dev dependencies)');
  }

  const server = await ctx.startServer({ name: 's7', db: ctx.pglite('s7') });
  const probe = await fetch(`http://127.0.0.1:${server.port}/`);
  if (!probe.ok || !(await probe.text()).includes('<')) {
    await server.stop();
    return skip(ctx, 'the server did not serve the web app at /');
  }
  const account = await prepareAccount(server, 's7');
  const login = await (
    await fetch(`${server.base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: account.email, password: account.password }) })
  ).json();

  // The 1,000-message conversation, built through the API (setup, not measured).
  const turns = ctx.quick ? 100 : 500;
  const conversation = await createConversation(server, account.token);
  const headers = { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${account.token}` };
  const started = Date.now();
  for (let k = 0; k < turns; k++) {
    const content = `#bench n=${60 + (k % 5) * 30} i=0 md=1 Question ${k + 1}: how would you explain step ${k + 1} of the plan?`;
    const r = await stream(server.port, `/api/v1/conversations/${conversation.id}/messages`, { headers, payload: Buffer.from(JSON.stringify({ content })), n: 1 });
    if (r.status !== 200) throw new Error(`could not build the conversation: HTTP ${r.status}`);
  }
  const messages = turns * 2;
  console.log(`  built a ${messages}-message conversation through the API in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const convo = await (await fetch(`${server.base}/conversations/${conversation.id}`, { headers: { authorization: `Bearer ${account.token}` } })).json();
  const leafId = convo.activeLeafId;

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript((session) => {
      if (!localStorage.getItem('mana.session')) localStorage.setItem('mana.session', JSON.stringify(session));
    }, { accessToken: login.accessToken, refreshToken: login.refreshToken, user: login.user });
    const page = await context.newPage();
    const origin = `http://127.0.0.1:${server.port}`;
    await page.goto(`${origin}/`);
    await page.waitForSelector('[data-testid="composer-input"]', { timeout: 30_000 });

    // (a) usable: navigation start → the newest message rendered and the composer enabled.
    const usable = [];
    const ready = ([leaf]) => {
      const el = document.querySelector(`[data-testid="message"][data-id="${leaf}"]`);
      const input = document.querySelector('[data-testid="composer-input"]');
      return el && el.getBoundingClientRect().height > 0 && input && !input.disabled ? performance.now() : null;
    };
    for (let k = 0; k < (ctx.quick ? 3 : 7); k++) {
      await page.goto(`${origin}/c/${conversation.id}`);
      const handle = await page.waitForFunction(ready, [leafId], { polling: 'raf', timeout: 30_000 });
      usable.push(await handle.jsonValue());
    }
    const usableMs = median(usable.slice(1)); // the first load fills caches

    // (b) scrolling back through all messages: time and the longest task meanwhile.
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    const t0 = await page.evaluate(() => performance.now());
    const scrolled = await page.evaluate(async (total) => {
      const scroller = document.querySelector('[data-testid="message-list"]');
      const deadline = performance.now() + 60_000;
      while (performance.now() < deadline) {
        scroller.scrollTop = 0;
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 16)));
        if (document.querySelectorAll('[data-testid="message"]').length >= total) return performance.now();
      }
      return null;
    }, messages);
    const scrollTrace = longestTasks(await browser.stopTracing());
    const renderedAll = scrolled === null ? NaN : scrolled - t0;

    // (c) a 4,000-token markdown reply streaming in.
    const tokens = ctx.quick ? 1000 : 4000;
    await page.goto(`${origin}/c/${conversation.id}`);
    await page.waitForFunction(ready, [leafId], { polling: 'raf', timeout: 30_000 });
    await page.evaluate(() => {
      window.__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__long.push(e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    await page.fill('[data-testid="composer-input"]', `#bench n=${tokens} i=5 md=1 Write a long answer with code.`);
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    const s0 = Date.now();
    await page.click('[data-testid="send"]');
    await page.waitForFunction(
      () => {
        const all = document.querySelectorAll('[data-testid="message"][data-role="assistant"]');
        const last = all[all.length - 1];
        return last && last.getAttribute('data-status') === 'complete' && last.textContent.length > 100;
      },
      null,
      { polling: 250, timeout: 180_000 },
    );
    const streamMs = Date.now() - s0;
    const streamTrace = longestTasks(await browser.stopTracing());
    const observed = await page.evaluate(() => window.__long);

    ctx.row({
      metric: `${messages.toLocaleString('en')}-message conversation usable (newest page on screen, composer ready)`,
      unit: 'ms',
      ours: usableMs,
      target: { op: '<=', value: 1000, on: 'ours' },
      note: `median of ${usable.length - 1} loads; the app loads 50 messages per page`,
    });
    ctx.row({
      metric: `scroll back through all ${messages.toLocaleString('en')} messages`,
      unit: 'ms',
      ours: renderedAll,
      note: `longest task ${scrollTrace.longest.toFixed(0)} ms (${scrollTrace.inside || '?'}), ${scrollTrace.over50} tasks over 50 ms`,
    });
    ctx.row({
      metric: `longest main-thread task while a ${tokens.toLocaleString('en')}-token reply streams`,
      unit: 'ms',
      ours: streamTrace.longest,
      target: { op: '<=', value: 50, on: 'ours' },
      note: `${streamTrace.over50} tasks over 50 ms (longtask observer: ${observed.length}); stream took ${(streamMs / 1000).toFixed(1)} s; longest: ${streamTrace.inside || '?'}`,
    });
  } finally {
    await browser.close();
    await server.stop();
  }
}
