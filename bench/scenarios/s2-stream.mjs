// S2: one stream at a time, 64 deltas every 20 ms. Time to first token over direct, for
// POST /chat/completions and for a conversation message (stored before the model is called), on
// PGlite and on PostgreSQL; the gap between deltas; every delta delivered exactly once.
//
// Time to first token is measured from the moment the request is sent to the moment the first
// delta arrives, minus the upstream's own think time (from the moment the fake upstream received
// the request to the moment it wrote the first delta, both on the machine's monotonic clock):
// what is left is what the path in between costs, and the fake's timer jitter cancels out.
import { createConversation, prepareAccount } from '../lib/account.mjs';
import { stream } from '../lib/client.mjs';
import { schedCpuMs } from '../lib/proc.mjs';
import { median, p99, quantile, shuffle } from '../lib/stats.mjs';

export const id = 'S2';
export const title = 'One stream of 64 deltas every 20 ms';

const N = 64;
const INTERVAL = 20;

export async function run(ctx) {
  const rounds = ctx.quick ? 4 : 40;
  const servers = [];
  servers.push({ db: 'PGlite', server: await ctx.startServer({ name: 's2-pglite', db: ctx.pglite('s2') }) });
  if (ctx.pg.ok) servers.push({ db: 'PostgreSQL', server: await ctx.startServer({ name: 's2-postgres', db: await ctx.postgres('s2') }) });
  else ctx.warn(`S2: PostgreSQL rows skipped (${ctx.pg.error})`);

  const json = (token) => ({ 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` });
  const completionBody = (tag) => Buffer.from(JSON.stringify({ model: 'bench/fast', messages: [{ role: 'user', content: tag }], stream: true }));
  const targets = [
    { name: 'direct', port: ctx.upstream.port, path: '/api/v1/chat/completions', headers: json('sk-or-v1-bench'), body: completionBody },
    { name: 'relay', pid: ctx.relay.pid, port: ctx.relay.port, path: '/api/v1/chat/completions', headers: json('sk-or-v1-bench'), body: completionBody },
  ];
  for (const { db, server } of servers) {
    const account = await prepareAccount(server, 's2');
    targets.push({ name: `completions@${db}`, db, kind: 'completions', server, port: server.port, path: '/api/v1/chat/completions', headers: json(account.apiKey), body: completionBody });
    const conversation = await createConversation(server, account.token);
    targets.push({
      name: `conversation@${db}`,
      db,
      kind: 'conversation',
      server,
      port: server.port,
      path: `/api/v1/conversations/${conversation.id}/messages`,
      headers: json(account.token),
      body: (tag) => Buffer.from(JSON.stringify({ content: tag })),
    });
  }
  for (const t of targets) Object.assign(t, { ttft: [], gaps: [], deltaLatency: [], lost: 0, duplicates: 0, outOfOrder: 0, errors: 0, streams: 0, cpuMs: 0 });

  let seq = 0;
  const once = async (t, n, interval) => {
    const tagId = `s2-${process.pid}-${++seq}`;
    const res = await stream(t.port, t.path, { headers: t.headers, payload: t.body(`#bench id=${tagId} n=${n} i=${interval}`), n, timeoutMs: 60_000 });
    const record = (await ctx.upstream.collect([tagId]))[tagId];
    return { res, record };
  };
  // Warm-up: a few short streams per target.
  for (let k = 0; k < (ctx.quick ? 2 : 10); k++) for (const t of targets) await once(t, 8, 1);

  await ctx.profileWindow(servers[0]?.server, 's2', async () => {
    for (let r = 0; r < rounds; r++) {
      for (const t of shuffle([...targets])) {
        const pid = t.server?.pid ?? t.pid;
        const cpu0 = pid ? schedCpuMs(pid) : 0;
        const { res, record } = await once(t, N, INTERVAL);
        // The server's CPU for this stream (its tail work, e.g. a usage row, may land in the next window).
        if (pid) t.cpuMs += schedCpuMs(pid) - cpu0;
        t.streams++;
        if (res.error || res.status !== 200 || !record) {
          t.errors++;
          t.lost += N - res.received;
          continue;
        }
        t.lost += N - res.received;
        t.duplicates += res.duplicates;
        t.outOfOrder += res.outOfOrder;
        const think = record.writes[0] - record.arrivedNs;
        t.ttft.push((res.firstNs - res.sentNs - think) / 1e6);
        for (let k = 0; k < N; k++) {
          if (!Number.isNaN(res.recv[k])) t.deltaLatency.push((res.recv[k] - record.writes[k]) / 1e6);
          if (k > 0 && !Number.isNaN(res.recv[k]) && !Number.isNaN(res.recv[k - 1])) t.gaps.push((res.recv[k] - res.recv[k - 1]) / 1e6);
        }
      }
    }
  });
  for (const { server } of servers) await server.stop();

  const direct = targets.find((t) => t.name === 'direct');
  const relay = targets.find((t) => t.name === 'relay');
  const stat = (t, f) => f(t.ttft);
  for (const t of targets.filter((x) => x.db)) {
    const label = t.kind === 'completions' ? '/chat/completions' : 'conversation message';
    const p50Target = t.kind === 'completions' ? 0.6 : 2;
    ctx.row({
      metric: `added TTFT p50, ${label}, ${t.db}`,
      unit: 'ms',
      ours: stat(t, median),
      direct: stat(direct, median),
      relay: stat(relay, median),
      added: stat(t, median) - stat(direct, median),
      relayAdded: stat(relay, median) - stat(direct, median),
      target: { op: '<=', value: p50Target, on: 'added' },
      n: t.ttft.length,
    });
    ctx.row({
      metric: `added TTFT p99, ${label}, ${t.db}`,
      unit: 'ms',
      ours: stat(t, p99),
      direct: stat(direct, p99),
      relay: stat(relay, p99),
      added: stat(t, p99) - stat(direct, p99),
      relayAdded: stat(relay, p99) - stat(direct, p99),
      target: { op: '<=', value: 5, on: 'added' },
      n: t.ttft.length,
    });
  }
  for (const t of targets.filter((x) => x.db)) {
    ctx.row({
      metric: `server CPU per stream of ${N} deltas, ${t.kind === 'completions' ? '/chat/completions' : 'conversation'}, ${t.db}`,
      unit: 'µs',
      ours: (t.cpuMs * 1000) / t.streams,
      relay: (relay.cpuMs * 1000) / relay.streams,
      ratio: t.cpuMs / t.streams / (relay.cpuMs / relay.streams),
      note: `≈ ${((t.cpuMs * 1000) / t.streams / N).toFixed(0)} µs per delta, request included; from /proc/<pid>/task/*/schedstat (exact), ${t.streams} streams`,
    });
  }
  // Per-delta latency (upstream write → client receive) and gaps: the streaming relay proper.
  for (const t of targets.filter((x) => x.db)) {
    const label = t.kind === 'completions' ? '/chat/completions' : 'conversation';
    ctx.row({
      metric: `per-delta latency p50 / p99, ${label}, ${t.db}`,
      unit: 'ms',
      ours: median(t.deltaLatency),
      oursP99: p99(t.deltaLatency),
      direct: median(direct.deltaLatency),
      directP99: p99(direct.deltaLatency),
      relay: median(relay.deltaLatency),
      relayP99: p99(relay.deltaLatency),
      added: median(t.deltaLatency) - median(direct.deltaLatency),
      relayAdded: median(relay.deltaLatency) - median(direct.deltaLatency),
      target: { op: '<', value: 1, on: 'added', text: 'added < 1 ms per token (promise)' },
      n: t.deltaLatency.length,
    });
    ctx.row({
      metric: `inter-delta gap p50 / p99, ${label}, ${t.db}`,
      unit: 'ms',
      ours: median(t.gaps),
      oursP99: p99(t.gaps),
      direct: median(direct.gaps),
      directP99: p99(direct.gaps),
      relay: median(relay.gaps),
      relayP99: p99(relay.gaps),
      added: p99(t.gaps) - p99(direct.gaps),
      addedLabel: 'p99 added',
      note: `nominal ${INTERVAL} ms; q01 ${quantile(t.gaps, 0.01)?.toFixed(1)} ms`,
      n: t.gaps.length,
    });
  }
  const all = targets.filter((x) => x.db);
  const lost = all.reduce((a, t) => a + t.lost, 0);
  const dup = all.reduce((a, t) => a + t.duplicates + t.outOfOrder, 0);
  const errors = all.reduce((a, t) => a + t.errors, 0);
  const total = all.reduce((a, t) => a + t.streams * N, 0);
  ctx.row({
    metric: 'deltas lost / duplicated or reordered / failed streams',
    unit: 'count',
    ours: `${lost} / ${dup} / ${errors}`,
    direct: `${direct.lost} / ${direct.duplicates + direct.outOfOrder} / ${direct.errors}`,
    relay: `${relay.lost} / ${relay.duplicates + relay.outOfOrder} / ${relay.errors}`,
    target: { op: 'eq0', text: 'every delta once' },
    pass: lost === 0 && dup === 0 && errors === 0,
    note: `${total} deltas in ${all.reduce((a, t) => a + t.streams, 0)} streams`,
  });
}
