// Builds the workspaces in dependency order. `--for-start` builds only what `npm start` serves.
import { spawnSync } from 'node:child_process';

const forStart = process.argv.includes('--for-start');
const order = ['packages/contracts', 'packages/client', 'apps/server', 'apps/web'];
if (!forStart) order.push('apps/landing', 'apps/mobile');

for (const workspace of order) {
  const started = Date.now();
  const run = spawnSync('npm', ['run', 'build', '--if-present', '-w', workspace], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (run.status !== 0) {
    process.stdout.write(run.stdout);
    process.stderr.write(run.stderr);
    console.error(`build failed: ${workspace}`);
    process.exit(run.status ?? 1);
  }
  console.log(`built ${workspace} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
