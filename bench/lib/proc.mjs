// Processes of a benchmark run: pinning, spawning the server / relay / fake upstream, and reading
// their CPU time and memory from /proc.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(BENCH_DIR, '..');
/** The built server; BENCH_SERVER_ENTRY benchmarks another build (e.g. a branch's dist) against the same baselines. */
export const SERVER_ENTRY = process.env.BENCH_SERVER_ENTRY ? path.resolve(process.env.BENCH_SERVER_ENTRY) : path.join(ROOT, 'apps/server/dist/main.js');
const PRELOAD = path.join(BENCH_DIR, 'lib/harness-preload.cjs');

export const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

// ---------------------------------------------------------------- pinning

let tasksetPath = null;
for (const p of ['/usr/bin/taskset', '/bin/taskset', '/usr/local/bin/taskset']) if (existsSync(p)) tasksetPath = p;

export const pinning = {
  available: tasksetPath !== null,
  /** The core servers run on, and the one the load generator (this process) runs on. */
  serverCore: 0,
  loadCore: 1,
  enabled: false,
  notice: null,
};

/** Pins this process (every thread) to the load-generator core, when taskset exists and there are 2+ cores. */
export function pinSelf(cpuCount) {
  if (!pinning.available) {
    pinning.notice = 'taskset not found: processes are NOT pinned (install util-linux); figures are noisier';
    return pinning;
  }
  if (cpuCount < 2) {
    pinning.notice = 'only one CPU: processes are NOT pinned';
    return pinning;
  }
  const r = spawnSync(tasksetPath, ['-a', '-c', '-p', String(pinning.loadCore), String(process.pid)]);
  if (r.status !== 0) {
    pinning.notice = `taskset failed (${r.stderr?.toString().trim()}): processes are NOT pinned`;
    return pinning;
  }
  pinning.enabled = true;
  return pinning;
}

/** The command line to start `args` on `core` (unpinned when pinning is off or core is null). */
function pinned(core, args) {
  if (!pinning.enabled || core === null || core === undefined) return [process.execPath, args];
  return [tasksetPath, ['-c', String(core), process.execPath, ...args]];
}

// ---------------------------------------------------------------- /proc

/** utime + stime of a process (all its threads), in milliseconds. */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ": state is field 3; utime 14 and stime 15 are at index 11 and 12 here.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/**
 * CPU time of a process in milliseconds from the scheduler's own accounting (sum of
 * /proc/<pid>/task/<tid>/schedstat, nanoseconds). /proc/<pid>/stat is sampled at the timer tick,
 * which is unbiased over long busy windows (S1, S3) but not for short wake-ups that line up with
 * the tick (one stream delta every 20 ms); this one is exact.
 */
export function schedCpuMs(pid) {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      /* the thread ended */
    }
  }
  return ns / 1e6;
}

/** Resident memory (VmRSS) of a process, in KiB. */
export function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  return m ? Number(m[1]) : NaN;
}

export function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  const mhz = /cpu MHz\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim();
  const memKiB = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
  const nproc = Number(spawnSync('nproc').stdout?.toString().trim()) || 0;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  return {
    nproc,
    cpuModel: model,
    cpuMHz: mhz ? Number(mhz) : null,
    memoryGiB: Math.round((memKiB / 1024 / 1024) * 10) / 10,
    node: process.version,
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
    loadAverageAtStart: load,
  };
}

export const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);

// ---------------------------------------------------------------- children

const children = new Set();
let cleanupInstalled = false;
function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    process.once('exit', () => {
      for (const c of children) {
        try {
          c.kill('SIGKILL');
        } catch {
          /* gone */
        }
      }
    });
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A child with an IPC channel; `request(msg)` sends and waits for the reply with the same seq. */
function withIpc(child) {
  let seq = 0;
  const waiting = new Map();
  child.on('message', (msg) => {
    const w = waiting.get(msg?.seq);
    if (w) {
      waiting.delete(msg.seq);
      w(msg);
    }
  });
  return (msg, timeoutMs = 30_000) =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`no answer to ${msg.type}/${msg.cmd ?? ''} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      child.send({ ...msg, seq: id });
    });
}

function waitReady(child, name, logTail) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 30 s\n${logTail()}`)), 30_000);
    child.on('message', (msg) => {
      if (msg?.type === 'ready') {
        clearTimeout(timer);
        resolve(msg.port);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}\n${logTail()}`));
    });
  });
}

function capture(child, logFile) {
  let tail = '';
  const out = logFile ? createWriteStream(logFile) : null;
  const onData = (d) => {
    out?.write(d);
    tail = (tail + d.toString()).slice(-4000);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return () => tail;
}

async function stopChild(child, signal = 'SIGTERM', graceMs = 5_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function startUpstream({ core, logDir }) {
  const [cmd, args] = pinned(core, [path.join(BENCH_DIR, 'lib/fake-upstream.mjs')]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  track(child);
  const tail = capture(child, logDir && path.join(logDir, 'upstream.log'));
  const port = await waitReady(child, 'fake upstream', tail);
  const ask = withIpc(child);
  return {
    name: 'upstream',
    port,
    pid: child.pid,
    async collect(ids) {
      const out = {};
      for (let i = 0; i < ids.length; i += 500) Object.assign(out, (await ask({ type: 'collect', ids: ids.slice(i, i + 500) })).records);
      return out;
    },
    stats: () => ask({ type: 'stats' }),
    stop: () => stopChild(child),
  };
}

export async function startRelay({ core, upstreamPort, logDir }) {
  const [cmd, args] = pinned(core, ['-r', PRELOAD, path.join(BENCH_DIR, 'lib/relay.mjs'), String(upstreamPort)]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  track(child);
  const tail = capture(child, logDir && path.join(logDir, 'relay.log'));
  const port = await waitReady(child, 'relay', tail);
  const ask = withIpc(child);
  return {
    name: 'relay',
    port,
    pid: child.pid,
    rssKiB: () => rssKiB(child.pid),
    harness: (cmd, extra = {}, timeoutMs) => ask({ type: 'harness', cmd, ...extra }, timeoutMs),
    stop: () => stopChild(child),
  };
}

/**
 * Starts the built API server (apps/server/dist/main.js) pinned to `core`.
 * db: { kind: 'pglite', dataDir } | { kind: 'postgres', url }
 */
export async function startServer({ name = 'server', core, db, upstreamPort, logDir, env = {}, nodeArgs = [] }) {
  const port = await freePort();
  const [cmd, args] = pinned(core, [...nodeArgs, '-r', PRELOAD, SERVER_ENTRY]);
  const childEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    OPENROUTER_API_KEY: 'sk-or-v1-bench',
    OPENROUTER_BASE_URL: `http://127.0.0.1:${upstreamPort}/api/v1`,
    REGISTER_LIMIT_PER_IP: '1000000',
    LOGIN_LIMIT_PER_IP: '1000000',
    LOGIN_LIMIT_PER_ACCOUNT: '1000000',
    ACCESS_TOKEN_TTL_S: '86400',
    DEFAULT_MODEL_ID: 'bench/fast',
    // Abuse limits would refuse a benchmark's load: lift them (unknown variables are ignored).
    MESSAGE_LIMIT_PER_MINUTE: '1000000',
    MAX_CONCURRENT_GENERATIONS: '10000',
    FORGOT_PASSWORD_LIMIT_PER_IP: '1000000',
    ...env,
  };
  delete childEnv.DATABASE_URL;
  delete childEnv.DATA_DIR;
  delete childEnv.REDIS_URL;
  delete childEnv.NODE_OPTIONS;
  if (db.kind === 'postgres') childEnv.DATABASE_URL = db.url;
  else childEnv.DATA_DIR = db.dataDir;
  if (env.REDIS_URL) childEnv.REDIS_URL = env.REDIS_URL;
  if (logDir) mkdirSync(logDir, { recursive: true });
  const child = spawn(cmd, args, { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  track(child);
  const tail = capture(child, logDir && path.join(logDir, `${name}.log`));
  const ask = withIpc(child);
  const base = `http://127.0.0.1:${port}/api/v1`;
  const started = Date.now();
  let exited = null;
  child.once('exit', (code, signal) => (exited = { code, signal }));
  for (;;) {
    if (exited) throw new Error(`${name} exited during start (${JSON.stringify(exited)})\n${tail()}`);
    if (Date.now() - started > 120_000) throw new Error(`${name} did not answer /health within 120 s\n${tail()}`);
    try {
      const r = await fetch(`${base}/health`);
      if (r.ok) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name,
    port,
    pid: child.pid,
    base,
    db: db.kind,
    logTail: tail,
    cpuMs: () => cpuMs(child.pid),
    rssKiB: () => rssKiB(child.pid),
    harness: (cmd, extra = {}, timeoutMs) => ask({ type: 'harness', cmd, ...extra }, timeoutMs),
    get alive() {
      return exited === null;
    },
    stop: () => stopChild(child, 'SIGTERM', 15_000),
  };
}
