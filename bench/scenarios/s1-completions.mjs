// S1: non-streaming POST /chat/completions, one request at a time: the latency the server adds
// over asking the upstream directly, and over a minimal Node relay. Rounds are interleaved (every
// round measures every target, in a shuffled order) and the p50 is the median of per-round
// medians, so a noisy moment on the machine hits all targets alike.
import { prepareAccount } from '../lib/account.mjs';
import { timed } from '../lib/client.mjs';
import { cpuMs } from '../lib/proc.mjs';
import { medianOfRoundMedians, p99, shuffle } from '../lib/stats.mjs';

export const id = 'S1';
export const title = 'Non-streaming /chat/completions, 1 concurrent request';

export async function run(ctx) {
  const rounds = ctx.quick ? 5 : 15;
  const perRound = ctx.quick ? 60 : 150;
  const server = await ctx.startServer({ name: 's1', db: ctx.pglite('s1') });
  const account = await prepareAccount(server, 's1');
  const body = Buffer.from(JSON.stringify({ model: 'bench/fast', messages: [{ role: 'user', content: '#bench n=8' }], stream: false }));
  const path = '/api/v1/chat/completions';
  const headers = (token) => ({ 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` });
  const targets = [
    { name: 'direct', port: ctx.upstream.port, headers: headers('sk-or-v1-bench') },
    { name: 'relay', port: ctx.relay.port, headers: headers('sk-or-v1-bench') },
    { name: 'ours', port: server.port, headers: headers(account.apiKey), server },
    { name: 'oursSession', port: server.port, headers: headers(account.token), server },
  ];
  for (const t of targets) t.rounds = [];

  // Warm-up: JIT, connection pools, caches.
  for (const t of targets) for (let k = 0; k < (ctx.quick ? 100 : 300); k++) await timed(t.port, 'POST', path, t.headers, body);

  let errors = 0;
  await ctx.profileWindow(server, 's1', async () => {
    for (let r = 0; r < rounds; r++) {
      for (const t of shuffle([...targets])) {
        const samples = [];
        for (let k = 0; k < perRound; k++) {
          const res = await timed(t.port, 'POST', path, t.headers, body);
          if (res.status !== 200) errors++;
          else samples.push(res.ms);
        }
        t.rounds.push(samples);
      }
    }
  });
  // Where a request's CPU goes: the same server, one request kind at a time, CPU from /proc.
  const count = ctx.quick ? 200 : 1000;
  const cpuPer = async (proc, port, method, p, h, payload) => {
    for (let k = 0; k < 100; k++) await timed(port, method, p, h, payload);
    const c0 = cpuMs(proc);
    for (let k = 0; k < count; k++) await timed(port, method, p, h, payload);
    return ((cpuMs(proc) - c0) * 1000) / count;
  };
  const sessionHeaders = { accept: 'application/json', authorization: `Bearer ${account.token}` };
  const breakdown = {
    health: await cpuPer(server.pid, server.port, 'GET', '/api/v1/health', { accept: 'application/json' }),
    models: await cpuPer(server.pid, server.port, 'GET', '/api/v1/chat/models', sessionHeaders),
    me: await cpuPer(server.pid, server.port, 'GET', '/api/v1/auth/me', sessionHeaders),
    key: await cpuPer(server.pid, server.port, 'POST', path, targets[2].headers, body),
    session: await cpuPer(server.pid, server.port, 'POST', path, targets[3].headers, body),
    relay: await cpuPer(ctx.relay.pid, ctx.relay.port, 'POST', path, targets[1].headers, body),
  };
  await server.stop();

  const by = Object.fromEntries(targets.map((t) => [t.name, { p50: medianOfRoundMedians(t.rounds), p99: p99(t.rounds.flat()) }]));
  const n = rounds * perRound;
  ctx.row({
    metric: 'added latency p50 (API key)',
    unit: 'ms',
    ours: by.ours.p50,
    direct: by.direct.p50,
    relay: by.relay.p50,
    added: by.ours.p50 - by.direct.p50,
    relayAdded: by.relay.p50 - by.direct.p50,
    target: { op: '<=', value: 0.5, on: 'added' },
    n,
  });
  ctx.row({
    metric: 'added latency p99 (API key)',
    unit: 'ms',
    ours: by.ours.p99,
    direct: by.direct.p99,
    relay: by.relay.p99,
    added: by.ours.p99 - by.direct.p99,
    relayAdded: by.relay.p99 - by.direct.p99,
    n,
  });
  ctx.row({
    metric: 'added latency p50 (session token)',
    unit: 'ms',
    ours: by.oursSession.p50,
    direct: by.direct.p50,
    relay: by.relay.p50,
    added: by.oursSession.p50 - by.direct.p50,
    relayAdded: by.relay.p50 - by.direct.p50,
    target: { op: '<=', value: 0.5, on: 'added' },
    n,
  });
  const cpuRow = (metric, value, note) => ctx.row({ metric, unit: 'µs', ours: value, relay: breakdown.relay, ratio: value / breakdown.relay, note });
  cpuRow('server CPU per request, POST /chat/completions (API key)', breakdown.key, 'relay = CPU of the Node relay per proxied request');
  cpuRow('server CPU per request, POST /chat/completions (session)', breakdown.session);
  cpuRow('server CPU per request, GET /auth/me (session, 1 query)', breakdown.me);
  cpuRow('server CPU per request, GET /chat/models (session, cached)', breakdown.models);
  cpuRow('server CPU per request, GET /health (framework floor)', breakdown.health);
  if (errors) ctx.warn(`S1: ${errors} requests failed`);
}
