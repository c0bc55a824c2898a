import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '../../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
const SERVER_MAIN = path.join(ROOT, 'apps/server/dist/main.js');
const WEB_INDEX = path.join(ROOT, 'apps/web/build/index.html');

export const SKIP_NOTICE = `NOTICE web browser suite skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`;

/**
 * Builds as `npm test` does, without Vitest's variables (`VITEST*`, `NODE_ENV=test`): under them Vite
 * and the Svelte plugins build a test bundle, and the app never rendered in Chromium.
 */
function run(args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_ENV' && name !== 'TEST'));
  const result = spawnSync('npm', args, { cwd: ROOT, stdio: 'inherit', env });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed`);
}

/** The suite drives the real built server and web app; builds what is missing (`npm test` builds first). */
export function ensureBuilt() {
  if (!existsSync(SERVER_MAIN)) run(['run', 'build', '-w', 'packages/contracts', '-w', 'packages/client', '-w', 'apps/server']);
  if (!existsSync(WEB_INDEX) || process.env.E2E_REBUILD_WEB) run(['run', 'build', '-w', 'apps/web']);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface Stack {
  baseUrl: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts the built API server (which serves the built web app) on a free port with a fresh database. */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mana-web-e2e-'));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [SERVER_MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      REGISTER_LIMIT_PER_IP: '100000',
      LOGIN_LIMIT_PER_IP: '100000',
      LOGIN_LIMIT_PER_ACCOUNT: '100000',
      MESSAGE_LIMIT_PER_MINUTE: '100000',
      MAX_CONCURRENT_GENERATIONS: '1000',
      // Slow enough to stop, regenerate and reload while a reply streams.
      ECHO_DELAY_MS: '45',
      // A copy of the built app elsewhere (E2E_WEB_DIST), e.g. while another build may rewrite apps/web/build.
      ...(process.env.E2E_WEB_DIST ? { WEB_DIST_DIR: process.env.E2E_WEB_DIST } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/api/v1/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    baseUrl,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}
