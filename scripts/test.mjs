// `npm test`: builds, then runs every workspace's suite in turn and says which real-server and
// browser suites were skipped for lack of TEST_DATABASE_URL, REDIS_URL or Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const build = spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const notices = [];
if (!process.env.TEST_DATABASE_URL) notices.push('PostgreSQL suites skipped: set TEST_DATABASE_URL=postgres://… to run them (PGlite suites run).');
if (!process.env.REDIS_URL) notices.push('Redis suites skipped: set REDIS_URL=redis://… to run them.');
if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) notices.push('Browser suites skipped: no Chromium at /usr/bin/chromium (apt-get install chromium).');
for (const n of notices) console.log(`NOTICE ${n}`);

const workspaces = ['packages/client', 'apps/server', 'apps/web', 'apps/landing', 'apps/mobile'];
const results = [];
for (const workspace of workspaces) {
  console.log(`\n=== ${workspace} ===`);
  const run = spawnSync('npm', ['run', 'test', '--if-present', '-w', workspace], { stdio: 'inherit', env: process.env });
  results.push({ workspace, ok: run.status === 0 });
}

console.log('\n=== summary ===');
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'} ${r.workspace}`);
for (const n of notices) console.log(`NOTICE ${n}`);
const failed = results.filter((r) => !r.ok).length;
console.log(`workspaces: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
