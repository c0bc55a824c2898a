// `npm run build`: exports the web build into apps/mobile/dist without touching the network.
// EXPO_PUBLIC_BACKEND_URL (default http://127.0.0.1:3002) is baked in; the settings screen can change it later.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = createRequire(path.join(appDir, 'package.json')).resolve('expo/bin/cli');
const started = Date.now();
const run = spawnSync(process.execPath, [cli, 'export', '--platform', 'web', '--output-dir', 'dist', ...process.argv.slice(2)], {
  cwd: appDir,
  stdio: 'inherit',
  env: { ...process.env, EXPO_OFFLINE: '1', EXPO_NO_TELEMETRY: '1', CI: '1' },
});
if (run.status !== 0) {
  console.error('mobile: expo export --platform web failed');
  process.exit(run.status ?? 1);
}
console.log(`mobile: web export in apps/mobile/dist (${((Date.now() - started) / 1000).toFixed(1)} s)`);
