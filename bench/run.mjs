#!/usr/bin/env node
// Mana Chat benchmarks: `npm run bench` (full, ~20 min) or `npm run bench -- --quick` (< 3 min).
// Never part of `npm test`. See docs/performance.md for what each scenario measures.
//
//   --quick            small sizes
//   --only S1,S3       pick scenarios (S1…S7; S8 is the 30-minute soak, only when named)
//   --profile          CPU-profile the server during the measured window of each scenario
//                      (bench/results/profiles/*.cpuprofile + a text summary and folded stacks)
//   --no-build         do not (re)build the server, contracts and client first
//   --no-docs          do not update docs/performance.md (a full run updates it by default)
//   --docs             update docs/performance.md after a quick or partial run too
//   --reseed           rebuild the S5/S6 PostgreSQL data set even if a matching one exists
//   --keep             keep temporary data directories and server logs
//   --render <file>    print the table of a results file and update docs/performance.md from it
//
// Environment: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test) is the connection
// used to create throw-away databases; without PostgreSQL those rows are reported as skipped.
// BENCH_SERVER_ENTRY benchmarks another server build (e.g. a patched copy's dist/main.js);
// BENCH_CHROMIUM another Chromium binary (default /usr/bin/chromium).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { targetSummary, writeDocs } from './lib/docs.mjs';
import * as pgLib from './lib/pg.mjs';
import { summariseProfile } from './lib/profile-summary.mjs';
import { BENCH_DIR, ROOT, SERVER_ENTRY, loadAverage, machine, pinSelf, pinning, startRelay, startServer, startUpstream } from './lib/proc.mjs';
import { judge, textTable } from './lib/report.mjs';
import { round } from './lib/stats.mjs';

const SCENARIOS = {
  S1: './scenarios/s1-completions.mjs',
  S2: './scenarios/s2-stream.mjs',
  S3: './scenarios/s3-concurrency.mjs',
  S4: './scenarios/s4-idle-events.mjs',
  S5: './scenarios/s5-history.mjs',
  S6: './scenarios/s6-conversation-list.mjs',
  S7: './scenarios/s7-browser.mjs',
  S8: './scenarios/s8-soak.mjs',
};

function parseArgs(argv) {
  const args = { quick: false, only: null, profile: false, build: true, docs: null, reseed: false, keep: false, render: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--only') args.only = argv[++i];
    else if (a.startsWith('--only=')) args.only = a.slice(7);
    else if (a === '--profile') args.profile = true;
    else if (a === '--no-build') args.build = false;
    else if (a === '--no-docs') args.docs = false;
    else if (a === '--docs') args.docs = true;
    else if (a === '--reseed') args.reseed = true;
    else if (a === '--keep') args.keep = true;
    else if (a === '--render') args.render = argv[++i];
    else if (a === '--help' || a === '-h') {
      console.log(readHelp());
      process.exit(0);
    } else {
      console.error(`unknown option ${a}\n${readHelp()}`);
      process.exit(2);
    }
  }
  if (args.only) {
    args.only = args.only.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
    for (const s of args.only) if (!SCENARIOS[s]) throw new Error(`unknown scenario ${s} (known: ${Object.keys(SCENARIOS).join(', ')})`);
  }
  return args;
}

function readHelp() {
  return `npm run bench -- [--quick] [--only S1,S3] [--profile] [--no-build] [--docs|--no-docs] [--reseed] [--keep] [--render <results.json>]`;
}

// ---------------------------------------------------------------- build

const BUILD_INPUTS = [
  ['packages/contracts/src', 'packages/contracts/dist/index.js'],
  ['packages/client/src', 'packages/client/dist/index.js'],
  ['apps/server/src', 'apps/server/dist/main.js'],
];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (!entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuilt(args) {
  const stale = BUILD_INPUTS.filter(([src, out]) => !existsSync(path.join(ROOT, out)) || newestMtime(path.join(ROOT, src)) > statSync(path.join(ROOT, out)).mtimeMs);
  if (stale.length === 0) return 'up to date';
  if (!args.build) {
    if (!existsSync(SERVER_ENTRY)) throw new Error('apps/server/dist/main.js is missing: run `npm run build -w packages/contracts -w packages/client -w apps/server` (or drop --no-build)');
    return `stale (${stale.map(([s]) => s).join(', ')}), used as is (--no-build)`;
  }
  console.log(`building ${stale.map(([s]) => s.split('/src')[0]).join(', ')} …`);
  const started = Date.now();
  const r = spawnSync('npm', ['run', 'build', '-w', 'packages/contracts', '-w', 'packages/client', '-w', 'apps/server'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    if (!existsSync(SERVER_ENTRY)) {
      process.stderr.write(r.stdout + r.stderr);
      throw new Error('the build failed and there is no built server to benchmark');
    }
    const when = new Date(statSync(SERVER_ENTRY).mtimeMs).toISOString();
    console.warn(`! the build failed (${(r.stdout + r.stderr).split('\n').find((l) => /error/i.test(l)) ?? 'see npm run build'}); benchmarking the existing build from ${when}`);
    return `build failed; existing build from ${when} used`;
  }
  return `built in ${((Date.now() - started) / 1000).toFixed(0)} s`;
}

// ---------------------------------------------------------------- main

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.render) {
    const result = JSON.parse(readFileSync(path.resolve(args.render), 'utf8'));
    console.log(textTable(result.rows));
    console.log(`targets: ${targetSummary(result.rows)}`);
    if (args.docs !== false) console.log(`docs: ${path.relative(ROOT, writeDocs(result))} updated from ${args.render}`);
    return;
  }
  const startedAt = new Date();
  const date = startedAt.toISOString().slice(0, 10);
  const host = machine();
  pinSelf(host.nproc);

  // The 30-minute soak (S8) runs only when asked for: npm run bench -- --only S8
  const selected = args.only ?? Object.keys(SCENARIOS).filter((id) => id !== 'S8');
  const build = ensureBuilt(args);
  const pg = await pgLib.available();

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'mana-bench-'));
  const logDir = path.join(tmp, 'logs');
  mkdirSync(logDir, { recursive: true });
  const profileDir = path.join(BENCH_DIR, 'results', 'profiles');
  if (args.profile) mkdirSync(profileDir, { recursive: true });

  console.log(`Mana Chat benchmarks — ${args.quick ? 'quick' : 'full'} run, ${selected.join(' ')}`);
  console.log(`machine: ${host.nproc} × ${host.cpuModel}, ${host.memoryGiB} GiB, Node ${host.node}, load average ${host.loadAverageAtStart.join(' ')}`);
  console.log(
    pinning.enabled
      ? `pinning: servers and relay on core ${pinning.serverCore}; load generator, fake upstream (and Chromium) on core ${pinning.loadCore}`
      : `! ${pinning.notice}`,
  );
  console.log(`build: ${build}; PostgreSQL: ${pg.ok ? pg.version : `not available (${pg.error})`}`);
  if (host.loadAverageAtStart[0] > host.nproc) console.log(`! the machine is busy (load ${host.loadAverageAtStart[0]} on ${host.nproc} cores): absolute figures are noisy; compare against the same-run baselines`);
  console.log('');

  const upstream = await startUpstream({ core: pinning.loadCore, logDir });
  const relay = await startRelay({ core: pinning.serverCore, upstreamPort: upstream.port, logDir });

  const rows = [];
  const notes = [];
  const warnings = [];
  const profiles = [];
  const databases = new Set();
  const servers = new Set();
  const sharedServers = new Set();
  const sharedValues = new Map();
  let current = null;

  const ctx = {
    quick: args.quick,
    args,
    upstream,
    relay,
    pg,
    tmp,
    logDir,
    row(r) {
      const row = judge({ scenario: current, ...r });
      rows.push(row);
      return row;
    },
    note: (text) => notes.push(text),
    warn(text) {
      warnings.push(text);
      console.warn(`  ! ${text}`);
    },
    pglite: (name) => ({ kind: 'pglite', dataDir: path.join(tmp, `pglite-${name}`) }),
    /** A fresh PostgreSQL database for a server, dropped at the end of the run. */
    async postgres(name) {
      const db = `mana_bench_${name}_${process.pid}`;
      const url = await pgLib.createDatabase(db);
      databases.add(db);
      return { kind: 'postgres', url };
    },
    /** A server (core 0 unless told); stopped after its scenario unless `shared` (then at the end of the run). */
    async startServer({ shared: isShared = false, ...opts }) {
      const server = await startServer({ core: pinning.serverCore, upstreamPort: upstream.port, logDir, ...opts });
      const set = isShared ? sharedServers : servers;
      set.add(server);
      const stop = server.stop;
      server.stop = async () => {
        set.delete(server);
        await stop();
      };
      return server;
    },
    /** A value built once per run and shared by scenarios (e.g. the seeded long-history data set). */
    shared(key, factory) {
      if (!sharedValues.has(key)) sharedValues.set(key, factory());
      return sharedValues.get(key);
    },
    /** Runs fn; with --profile, the server's CPU profile covers exactly that window. */
    async profileWindow(server, label, fn) {
      if (!args.profile || !server) return fn();
      await server.harness('profile-start', { intervalUs: 250 });
      let result;
      try {
        result = await fn();
      } finally {
        const file = path.join(profileDir, `${date}-${label}.cpuprofile`);
        const stopped = await server.harness('profile-stop', { file }, 60_000).catch((e) => ({ ok: false, error: e.message }));
        if (stopped.ok) {
          const summary = summariseProfile(file);
          profiles.push({ label, file: path.relative(ROOT, file), ...summary.brief });
          console.log(`  profile ${label}: ${path.relative(ROOT, file)} (+ .txt summary, .folded stacks)`);
        } else ctx.warn(`profile ${label} failed: ${stopped.error}`);
      }
      return result;
    },
  };

  const timings = {};
  for (const id of selected) {
    current = id;
    const mod = await import(SCENARIOS[id]);
    const t0 = Date.now();
    console.log(`${id} ${mod.title} …`);
    try {
      await mod.run(ctx);
    } catch (error) {
      ctx.warn(`${id} failed: ${error.stack ?? error.message}`);
      rows.push({ scenario: id, metric: mod.title, skipped: `failed: ${String(error.message).split('\n')[0].slice(0, 80)}` });
    }
    for (const s of [...servers]) await s.stop().catch(() => undefined);
    timings[id] = Math.round((Date.now() - t0) / 1000);
    console.log(`${id} done in ${timings[id]} s (load average ${loadAverage().join(' ')})`);
  }

  for (const s of [...sharedServers]) await s.stop().catch(() => undefined);
  await relay.stop();
  await upstream.stop();
  for (const db of databases) await pgLib.dropDatabase(db);

  console.log('');
  console.log(textTable(rows));
  console.log('');
  for (const n of notes) console.log(`note: ${n}`);
  const judged = rows.filter((r) => r.target && !r.skipped);
  const missed = judged.filter((r) => r.pass === false);
  console.log(`targets: ${judged.filter((r) => r.pass === true).length} pass, ${missed.length} miss (${targetSummary(rows)})`);

  const finishedAt = new Date();
  const result = {
    date,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationS: Math.round((finishedAt - startedAt) / 1000),
    mode: args.quick ? 'quick' : 'full',
    scenarios: selected,
    scenarioDurationsS: timings,
    machine: { ...host, loadAverageAtEnd: loadAverage() },
    pinning: { enabled: pinning.enabled, serverCore: pinning.serverCore, loadCore: pinning.loadCore, notice: pinning.notice },
    postgres: pg.ok ? pg.version : null,
    build,
    rows: rows.map((r) => roundRow(r)),
    notes,
    warnings,
    profiles,
  };
  const resultsDir = path.join(BENCH_DIR, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${date}${args.quick ? '-quick' : ''}${args.only ? `-${selected.join('')}` : ''}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`results: ${path.relative(ROOT, file)}`);
  const docs = args.docs ?? (!args.quick && !args.only);
  if (docs) console.log(`docs: ${path.relative(ROOT, writeDocs(result))} updated`);

  if (!args.keep) rmSync(tmp, { recursive: true, force: true });
  else console.log(`kept: ${tmp}`);
}

function roundRow(r) {
  const out = {};
  for (const [k, v] of Object.entries(r)) out[k] = typeof v === 'number' ? round(v, Math.abs(v) < 10 ? 3 : 1) : v;
  return out;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
