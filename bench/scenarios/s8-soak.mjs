// S8 (soak): mixed traffic for a long while — full replies, clients that disconnect mid-reply,
// stops, re-attaches, list and history reads — with resident memory sampled throughout. Passes
// when memory stays flat (the last third's median within 32 MiB of the first third's after warm-up)
// and no reply is left `pending`/`streaming` once the traffic stops.
// 30 minutes by default (BENCH_SOAK_MINUTES), 1 minute with --quick. Not part of the default run:
//   npm run bench -- --only S8
// Runs the production topology (PostgreSQL, plus Redis when REDIS_URL or the local one answers) so the
// process's memory is the API's own; embedded PGlite keeps the whole database in the process's
// WebAssembly heap, which only ever grows with the data (BENCH_SOAK_DB=pglite to measure that anyway).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ManaClient } from '../../packages/client/dist/index.js';
import { BENCH_DIR } from '../lib/proc.mjs';
import { MODEL, prepareAccount } from '../lib/account.mjs';

export const id = 'S8';
export const title = 'Soak: mixed traffic with disconnects and stops';

const WORKERS = 16;
/** The server's FINISHED_LOG_RETENTION_MS (apps/server/src/modules/streaming/reply-log.ts). */
const REPLY_RETENTION_MS = 5 * 60_000;
const settle = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const pick = (weights) => {
  let r = Math.random() * weights.reduce((a, [, w]) => a + w, 0);
  for (const [name, w] of weights) if ((r -= w) < 0) return name;
  return weights[0][0];
};

export async function run(ctx) {
  const minutes = ctx.quick ? 1 : Number(process.env.BENCH_SOAK_MINUTES ?? 30);
  const usePostgres = ctx.pg.ok && process.env.BENCH_SOAK_DB !== 'pglite';
  const db = usePostgres ? await ctx.postgres('s8') : ctx.pglite('s8');
  const redisUrl = usePostgres ? await reachableRedis() : null;
  const server = await ctx.startServer({ name: 's8', db, env: { MAX_CONCURRENT_GENERATIONS: '10000', ...(redisUrl ? { REDIS_URL: redisUrl } : {}) } });
  const redisStart = redisUrl ? await redisUsedMiB(redisUrl) : NaN;
  ctx.note(`S8 ran on ${usePostgres ? 'PostgreSQL' : 'PGlite'}${redisUrl ? ' with Redis' : ''}.`);
  const account = await prepareAccount(server, 's8');
  const client = new ManaClient({ baseUrl: `http://127.0.0.1:${server.port}`, tokens: { accessToken: account.token, refreshToken: '' } });
  const conversations = [];
  for (let i = 0; i < WORKERS; i++) conversations.push((await client.createConversation({ modelId: MODEL, title: `soak ${i}` })).id);

  const counts = { full: 0, dropped: 0, stopped: 0, reattached: 0, reads: 0, errors: 0 };
  const samples = [];
  const deadline = Date.now() + minutes * 60_000;
  const sampler = setInterval(async () => {
    const at = Date.now();
    const rssKiB = server.rssKiB();
    const heap = await server.harness('memory').catch(() => null);
    samples.push({ at, rssKiB, heapMiB: heap?.memory ? heap.memory.heapUsed / 2 ** 20 : NaN });
  }, 5_000);
  // The JS heap after a full collection at the end of warm-up and at each third after it: what is
  // really retained. Finished replies are kept a few minutes for late readers, so the heap fills
  // until that retention is reached and then stays; a leak keeps growing through the last thirds.
  // Steady state starts once the finished replies kept for late readers (5 min, in memory and in
  // Redis) have filled that window: before it, memory grows by design. A quick run keeps a quarter.
  const warmup = ctx.quick ? (minutes * 60_000) / 4 : Math.min(REPLY_RETENTION_MS + 60_000, (minutes * 60_000) / 3);
  const heapAfterGc = [];
  const gcTimers = [0, 1, 2].map((k) =>
    setTimeout(async () => {
      const r = await server.harness('gc').catch(() => null);
      heapAfterGc[k] = r?.memory ? r.memory.heapUsed / 2 ** 20 : NaN;
    }, warmup + ((minutes * 60_000 - warmup) * k) / 3),
  );
  let seq = 0;

  /** Reads a reply stream; after `afterDeltas` deltas runs `then` (and stops reading if it returns true). */
  async function read(events, afterDeltas = 0, then = async () => false) {
    let deltas = 0;
    for await (const e of events) {
      if (e.chunk.type === 'text-delta' && ++deltas === afterDeltas && (await then())) return;
    }
  }

  async function worker(w) {
    const conversationId = conversations[w];
    while (Date.now() < deadline) {
      const action = pick([['full', 4], ['dropped', 2], ['stopped', 2], ['reattached', 1], ['reads', 1]]);
      const content = `soak ${w}-${++seq} #bench id=soak-${w}-${seq} n=${20 + Math.floor(Math.random() * 60)} i=${5 + Math.floor(Math.random() * 20)}`;
      try {
        if (action === 'full') {
          await read(client.streamMessage(conversationId, { content }));
        } else if (action === 'dropped') {
          // The client goes away mid-reply; the reply must still finish and be stored.
          const abort = new AbortController();
          const afterDeltas = 1 + Math.floor(Math.random() * 10);
          await read(client.streamMessage(conversationId, { content }, abort.signal), afterDeltas, async () => {
            abort.abort();
            return true;
          }).catch(() => undefined);
        } else if (action === 'stopped') {
          const sent = await client.sendMessage(conversationId, { content });
          const replyId = sent.assistantMessages[0].id;
          await read(client.attachToReply(replyId), 1 + Math.floor(Math.random() * 10), async () => {
            await client.stopMessage(replyId);
            return false;
          });
        } else if (action === 'reattached') {
          const sent = await client.sendMessage(conversationId, { content });
          const replyId = sent.assistantMessages[0].id;
          const abort = new AbortController();
          let last = -1;
          try {
            for await (const e of client.attachToReply(replyId, undefined, abort.signal)) {
              last = e.seq;
              if (e.seq >= 6) abort.abort();
            }
          } catch {
            // dropped on purpose
          }
          for await (const e of client.attachToReply(replyId, last)) void e;
        } else {
          await client.listConversations({ limit: 20 });
          await client.listMessages(conversationId, { limit: 50 });
        }
        counts[action]++;
      } catch {
        counts.errors++;
        await settle(200);
      }
    }
  }

  await ctx.profileWindow(server, 'S8-soak', () => Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w))));
  clearInterval(sampler);
  for (const timer of gcTimers) clearTimeout(timer);

  // Once the traffic stops, every reply must reach a final state.
  let stuck = 0;
  for (let attempt = 0; attempt < 30; attempt++) {
    stuck = 0;
    for (const conversationId of conversations) {
      const page = await client.listMessages(conversationId, { limit: 200 });
      stuck += page.items.filter((m) => m.status === 'pending' || m.status === 'streaming').length;
    }
    if (stuck === 0) break;
    await settle(1_000);
  }

  // Memory: skip the first minute (warm-up), compare the first and last thirds of the rest.
  const steady = samples.filter((s) => s.at - samples[0].at >= warmup);
  const third = Math.max(1, Math.floor(steady.length / 3));
  const early = median(steady.slice(0, third).map((s) => s.rssKiB)) / 1024;
  const late = median(steady.slice(-third).map((s) => s.rssKiB)) / 1024;
  const gcEnd = await server.harness('gc').catch(() => null);
  heapAfterGc[3] = gcEnd?.memory ? gcEnd.memory.heapUsed / 2 ** 20 : NaN;
  const heapEarly = median(steady.slice(0, third).map((s) => s.heapMiB));
  const heapLate = median(steady.slice(-third).map((s) => s.heapMiB));
  const total = counts.full + counts.dropped + counts.stopped + counts.reattached + counts.reads;
  ctx.row({ metric: `soak ${minutes} min: memory growth (last third − first third after ${Math.round(warmup / 60_000)} min, median RSS)`, unit: 'MiB', ours: late - early, target: { op: '<=', value: 32, on: 'ours' }, note: `${early.toFixed(0)} → ${late.toFixed(0)} MiB over ${samples.length} samples` });
  // Every sample, for a second look at the curve.
  const samplesFile = path.join(BENCH_DIR, 'results', `${new Date().toISOString().slice(0, 10)}-S8-samples.json`);
  writeFileSync(samplesFile, JSON.stringify({ minutes, warmupS: warmup / 1000, heapAfterGcMiB: heapAfterGc, samples: samples.map((x) => ({ s: Math.round((x.at - samples[0].at) / 1000), rssMiB: Math.round(x.rssKiB / 1024), heapMiB: Math.round(x.heapMiB) })) }));
  ctx.note(`S8 samples: ${path.relative(process.cwd(), samplesFile)}`);
  const [, atThird, , atEnd] = heapAfterGc;
  ctx.row({ metric: `soak ${minutes} min: JS heap after a full GC (end − one third in)`, unit: 'MiB', ours: atEnd - atThird, note: `after warm-up, at ⅓, ⅔ and the end: ${heapAfterGc.map((v) => (v ?? NaN).toFixed(1)).join(' → ')} MiB; heapUsed medians ${heapEarly.toFixed(0)} → ${heapLate.toFixed(0)} MiB` });
  if (redisUrl) {
    const redisEnd = await redisUsedMiB(redisUrl);
    ctx.row({ metric: `soak ${minutes} min: Redis memory growth (used_memory, end − start)`, unit: 'MiB', ours: redisEnd - redisStart, note: `${redisStart.toFixed(0)} → ${redisEnd.toFixed(0)} MiB (finished replies are kept 5 min for readers on other replicas)` });
  }
  ctx.row({ metric: `soak ${minutes} min: replies left pending/streaming`, unit: 'count', ours: stuck, target: { op: '<=', value: 0, on: 'ours' } });
  ctx.row({ metric: `soak ${minutes} min: operations (full/dropped/stopped/re-attached/reads), failures`, unit: 'count', ours: total, note: `${counts.full}/${counts.dropped}/${counts.stopped}/${counts.reattached}/${counts.reads}, ${counts.errors} failed` });
  await server.stop();
}

/** REDIS_URL, else the local Redis when it answers a PING; null without one. */
async function reachableRedis() {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const { hostname, port } = new URL(url);
  const net = await import('node:net');
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok ? url : null);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(String(d).startsWith('+PONG')));
  });
}

/** Redis's own `used_memory` (INFO memory), in MiB. */
async function redisUsedMiB(url) {
  const { hostname, port } = new URL(url);
  const net = await import('node:net');
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    let text = '';
    socket.setTimeout(2_000, () => socket.destroy());
    socket.once('error', () => resolve(NaN));
    socket.once('connect', () => socket.write('INFO memory\r\n'));
    socket.on('data', (d) => {
      text += d;
      const match = /used_memory:(\d+)/.exec(text);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]) / 2 ** 20);
      }
    });
    socket.once('close', () => resolve(NaN));
  });
}
