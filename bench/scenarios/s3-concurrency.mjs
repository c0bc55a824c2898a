// S3: many concurrent streams, 50 deltas/s each (every 20 ms), 150 deltas, started over a 2 s
// ramp: 250 / 500 / 1,000 streams through POST /chat/completions on one API process, 1,000 on
// two processes (replicas on a shared PostgreSQL, streams spread round-robin as a load balancer
// would), and conversation messages (stored, checkpointed) at 250 / 500.
// Each level is measured against the upstream directly and through the minimal Node relay.
import { createConversation, prepareAccount } from '../lib/account.mjs';
import { loadRun } from '../lib/load.mjs';
import { pinning } from '../lib/proc.mjs';

export const id = 'S3';
export const title = 'Concurrent streams, 50 deltas/s each, 150 deltas, 2 s ramp';

const KB = 1.024; // KiB → kB (1000 bytes), the unit of the target

export async function run(ctx) {
  const levels = ctx.quick ? [250] : [250, 500, 1000];
  const conversationLevels = ctx.quick ? [] : [250, 500];
  const twoProcess = !ctx.quick;
  const sse = (token) => ({ 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` });
  const completionBody = (tag) => Buffer.from(JSON.stringify({ model: 'bench/fast', messages: [{ role: 'user', content: tag }], stream: true }));
  const upstreamTarget = { port: ctx.upstream.port, path: '/api/v1/chat/completions', headers: sse('sk-or-v1-bench'), body: completionBody };
  const relayTarget = { port: ctx.relay.port, path: '/api/v1/chat/completions', headers: sse('sk-or-v1-bench'), body: completionBody };

  // Warm the relay and the upstream once.
  await loadRun({ upstream: ctx.upstream, targets: [relayTarget], streams: 100, n: 20, interval: 5, rampMs: 200 });

  const report = (label, streams, res, base, { targets = true } = {}) => {
    const { direct, relay } = base;
    const lossText = (r) => `${r.lost} / ${r.duplicates} / ${r.failed}`;
    ctx.row({
      metric: `TTFT p99, ${label}`,
      unit: 'ms',
      ours: res.ttftP99,
      direct: direct.ttftP99,
      relay: relay.ttftP99,
      added: res.ttftP99 - direct.ttftP99,
      relayAdded: relay.ttftP99 - direct.ttftP99,
      target: targets ? { op: '<=', value: 200, on: 'ours' } : undefined,
      note: `p50 ${res.ttftP50?.toFixed(1)} ms, max ${res.ttftMax?.toFixed(0)} ms`,
      n: streams,
    });
    ctx.row({
      metric: `end lag p99, ${label}`,
      unit: 'ms',
      ours: res.endLagP99,
      direct: direct.endLagP99,
      relay: relay.endLagP99,
      added: res.endLagP99 - direct.endLagP99,
      relayAdded: relay.endLagP99 - direct.endLagP99,
      note: `per-delta latency p50 ${res.deltaLatencyP50?.toFixed(2)} / p99 ${res.deltaLatencyP99?.toFixed(1)} ms (direct ${direct.deltaLatencyP50?.toFixed(2)} / ${direct.deltaLatencyP99?.toFixed(1)})`,
      n: streams,
    });
    ctx.row({
      metric: `lost / dup / failed, ${label}`,
      unit: 'count',
      ours: lossText(res),
      direct: lossText(direct),
      relay: lossText(relay),
      target: targets ? { op: 'eq0', text: 'no lost delta' } : undefined,
      pass: targets ? res.lost === 0 && res.duplicates === 0 && res.failed === 0 : undefined,
      note: `${res.received} of ${streams * res.n} deltas`,
    });
    ctx.row({
      metric: `CPU per relayed delta, ${label}`,
      unit: 'µs',
      ours: res.cpuPerDeltaUs,
      relay: relay.cpuPerDeltaUs,
      ratio: res.cpuPerDeltaUs / relay.cpuPerDeltaUs,
      target: { op: '<=', value: 40, on: 'ours' },
      note: `server CPU ${(res.cpuUtilisation * 100).toFixed(0)}% of ${res.pids ?? 1} core(s) over ${(res.wallMs / 1000).toFixed(1)} s; schedstat ${res.schedCpuPerDeltaUs?.toFixed(1)} µs (relay ${relay.schedCpuPerDeltaUs?.toFixed(1)})`,
    });
    ctx.row({
      metric: `memory per active stream, ${label}`,
      unit: 'kB',
      ours: res.memPerStreamKiB * KB,
      relay: relay.memPerStreamKiB * KB,
      ratio: res.memPerStreamKiB / relay.memPerStreamKiB,
      target: { op: '<=', value: 100, on: 'ours' },
      note: `RSS ${(res.rssBeforeKiB / 1024).toFixed(0)} → ${(res.rssPeakKiB / 1024).toFixed(0)} MiB`,
    });
  };

  const baselines = new Map();
  const baselineAt = async (streams) => {
    if (!baselines.has(streams)) {
      const direct = await loadRun({ upstream: ctx.upstream, targets: [upstreamTarget], streams });
      const relay = await loadRun({ upstream: ctx.upstream, targets: [relayTarget], pids: [ctx.relay.pid], streams });
      baselines.set(streams, { direct, relay });
    }
    return baselines.get(streams);
  };

  const warm = async (server, targets) => {
    await loadRun({ upstream: ctx.upstream, targets, streams: 50, n: 20, interval: 5, rampMs: 500 });
    await server.harness('gc').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
  };

  for (const streams of levels) {
    const base = await baselineAt(streams);
    const server = await ctx.startServer({ name: `s3-${streams}`, db: ctx.pglite(`s3-${streams}`) });
    const account = await prepareAccount(server, 's3');
    const target = { port: server.port, path: '/api/v1/chat/completions', headers: sse(account.apiKey), body: completionBody };
    await warm(server, [target]);
    const res = await ctx.profileWindow(server, `s3-${streams}`, () => loadRun({ upstream: ctx.upstream, targets: [target], pids: [server.pid], streams }));
    await server.stop();
    report(`${streams} streams, /chat/completions, 1 process`, streams, res, base, { targets: streams <= 500 });
  }

  if (twoProcess) {
    if (!ctx.pg.ok) ctx.warn('S3: the two-process run needs PostgreSQL; skipped');
    else {
      const streams = 1000;
      const base = await baselineAt(streams);
      const url = await ctx.postgres('s3_replicas');
      // Two replicas on a 2-core machine: one per core. The load generator and the fake upstream
      // share core 1 with the second replica, so this run is pessimistic for the server.
      const a = await ctx.startServer({ name: 's3-replica-a', db: url, core: pinning.serverCore });
      const b = await ctx.startServer({ name: 's3-replica-b', db: url, core: pinning.loadCore });
      const account = await prepareAccount(a, 's3');
      const targets = [a, b].map((s) => ({ port: s.port, path: '/api/v1/chat/completions', headers: sse(account.apiKey), body: completionBody }));
      await warm(a, targets);
      await b.harness('gc').catch(() => undefined);
      const res = await loadRun({ upstream: ctx.upstream, targets, pids: [a.pid, b.pid], streams });
      res.pids = 2;
      await a.stop();
      await b.stop();
      report(`1000 streams, /chat/completions, 2 processes`, streams, res, base);
      ctx.note('S3 two processes: replica A on core 0, replica B on core 1 (shared with the load generator and fake upstream).');
    }
  }

  for (const streams of conversationLevels) {
    const base = await baselineAt(streams);
    const server = await ctx.startServer({ name: `s3c-${streams}`, db: ctx.pglite(`s3c-${streams}`) });
    const account = await prepareAccount(server, 's3c');
    // One conversation per stream (setup, not measured).
    const conversations = [];
    for (let k = 0; k < streams + 50; k++) conversations.push(await createConversation(server, account.token));
    let next = 0;
    const target = {
      port: server.port,
      headers: sse(account.token),
      body: (tag) => Buffer.from(JSON.stringify({ content: tag })),
    };
    // Each stream posts to its own conversation: the path is chosen per stream.
    Object.defineProperty(target, 'path', { get: () => `/api/v1/conversations/${conversations[next++ % conversations.length].id}/messages` });
    await warm(server, [target]);
    const res = await ctx.profileWindow(server, `s3c-${streams}`, () => loadRun({ upstream: ctx.upstream, targets: [target], pids: [server.pid], streams }));
    await server.stop();
    report(`${streams} streams, conversation messages, 1 process (PGlite)`, streams, res, base);
  }
}
