// `npm test`: jest-expo (screens, stream reader), the offline web export, then the Playwright smoke
// test of that export against a real API server (skipped with a notice when Chromium is missing).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jest = createRequire(path.join(appDir, 'package.json')).resolve('jest/bin/jest');
const steps = [
  ['jest-expo (screens, stream reader)', [jest, '--ci', '--maxWorkers=2']],
  ['expo export --platform web (offline)', [path.join(appDir, 'scripts/export-web.mjs')]],
  ['web smoke test (Playwright + real server)', [path.join(appDir, 'e2e/smoke.mjs')]],
];

const results = [];
for (const [name, args] of steps) {
  const started = Date.now();
  console.log(`\n--- mobile: ${name}`);
  const run = spawnSync(process.execPath, args, { cwd: appDir, stdio: 'inherit', env: process.env });
  results.push({ name, ok: run.status === 0, seconds: (Date.now() - started) / 1000 });
  if (run.status !== 0) break;
}
console.log('\n--- mobile summary');
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'} ${r.name} (${r.seconds.toFixed(1)} s)`);
process.exit(results.every((r) => r.ok) && results.length === steps.length ? 0 : 1);
