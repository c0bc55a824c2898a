// `npm test -w apps/web`: component and store tests (jsdom), then the browser suite against the real
// built server. The browser suite is skipped with a notice where there is no Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const vitest = (args) => spawnSync('npx', ['vitest', 'run', ...args], { stdio: 'inherit', env: process.env }).status === 0;

const results = [['component and store tests', vitest([])]];
if (existsSync(chromium)) results.push(['browser end-to-end tests', vitest(['-c', 'vitest.e2e.config.ts'])]);
else console.log(`NOTICE web browser suite skipped: no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH).`);

for (const [name, ok] of results) console.log(`${ok ? 'PASS' : 'FAIL'} web ${name}`);
process.exit(results.every(([, ok]) => ok) ? 0 : 1);
