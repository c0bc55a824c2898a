// A concurrent streaming load: N streams started evenly over a ramp, each n deltas at a fixed
// interval, with the server's CPU time and resident memory read from /proc while it runs.
import { stream } from './client.mjs';
import { cpuMs, rssKiB, schedCpuMs } from './proc.mjs';
import { max, p99, quantile, median } from './stats.mjs';

let runSeq = 0;

/**
 * targets: [{ port, path, headers, body(tag) }] — streams are spread over them round-robin
 *          (two replicas behind a load balancer);
 * pids:    processes whose CPU and memory are the cost of the thing measured (server, relay);
 *          none for the direct baseline.
 */
export async function loadRun({ upstream, targets, pids = [], streams, n = 150, interval = 20, rampMs = 2000, timeoutMs = 90_000 }) {
  const run = ++runSeq;
  const ids = [];
  const results = new Array(streams);
  const rssBefore = pids.map(rssKiB);
  const rssPeak = [...rssBefore];
  const sampler = setInterval(() => {
    pids.forEach((pid, k) => {
      try {
        rssPeak[k] = Math.max(rssPeak[k], rssKiB(pid));
      } catch {
        /* exited */
      }
    });
  }, 100);
  const cpuBefore = pids.map(cpuMs);
  const schedBefore = pids.map(schedCpuMs);
  const started = performance.now();
  const pending = [];
  for (let k = 0; k < streams; k++) {
    const tagId = `r${process.pid}-${run}-${k}`;
    ids.push(tagId);
    const t = targets[k % targets.length];
    const delay = (k * rampMs) / streams;
    pending.push(
      new Promise((resolve) => setTimeout(resolve, Math.max(0, delay - (performance.now() - started)))).then(async () => {
        results[k] = await stream(t.port, t.path, { headers: t.headers, payload: t.body(`#bench id=${tagId} n=${n} i=${interval}`), n, timeoutMs });
      }),
    );
  }
  await Promise.all(pending);
  const wallMs = performance.now() - started;
  const cpuAfter = pids.map(cpuMs);
  const schedAfter = pids.map(schedCpuMs);
  clearInterval(sampler);
  pids.forEach((pid, k) => {
    try {
      rssPeak[k] = Math.max(rssPeak[k], rssKiB(pid));
    } catch {
      /* exited */
    }
  });
  const records = await upstream.collect(ids);

  const ttft = [];
  const endLag = [];
  const deltaLatency = [];
  let received = 0;
  let lost = 0;
  let duplicates = 0;
  let failed = 0;
  let reachedUpstream = 0;
  for (let k = 0; k < streams; k++) {
    const res = results[k];
    const rec = records[ids[k]];
    received += res.received;
    lost += n - res.received;
    duplicates += res.duplicates + res.outOfOrder;
    if (res.error || res.status !== 200 || !res.sawDone) failed++;
    if (!rec) continue;
    reachedUpstream++;
    if (res.received > 0 && !Number.isNaN(res.recv[0])) ttft.push((res.firstNs - res.sentNs - (rec.writes[0] - rec.arrivedNs)) / 1e6);
    if (!Number.isNaN(res.recv[n - 1]) && rec.writes[n - 1] > 0) endLag.push((res.recv[n - 1] - rec.writes[n - 1]) / 1e6);
    // A sample of per-delta latencies (every 5th delta) keeps the arrays small at 1,000 streams.
    for (let i = 0; i < n; i += 5) if (!Number.isNaN(res.recv[i]) && rec.writes[i] > 0) deltaLatency.push((res.recv[i] - rec.writes[i]) / 1e6);
  }
  const cpuMsUsed = cpuAfter.reduce((a, c, k) => a + (c - cpuBefore[k]), 0);
  const schedMsUsed = schedAfter.reduce((a, c, k) => a + (c - schedBefore[k]), 0);
  const rssGrowthKiB = rssPeak.reduce((a, p, k) => a + (p - rssBefore[k]), 0);
  return {
    streams,
    n,
    wallMs,
    received,
    lost,
    duplicates,
    failed,
    reachedUpstream,
    ttftP50: median(ttft),
    ttftP99: p99(ttft),
    ttftMax: max(ttft),
    endLagP50: median(endLag),
    endLagP99: p99(endLag),
    deltaLatencyP50: median(deltaLatency),
    deltaLatencyP99: p99(deltaLatency),
    deltaLatencyP999: quantile(deltaLatency, 0.999),
    cpuMs: cpuMsUsed,
    cpuPerDeltaUs: pids.length ? (cpuMsUsed * 1000) / Math.max(1, received) : null,
    /** The same from the scheduler's exact accounting (schedstat), as a cross-check of the tick-sampled figure. */
    schedCpuPerDeltaUs: pids.length ? (schedMsUsed * 1000) / Math.max(1, received) : null,
    cpuUtilisation: pids.length ? cpuMsUsed / wallMs / pids.length : null,
    rssBeforeKiB: rssBefore.reduce((a, b) => a + b, 0),
    rssPeakKiB: rssPeak.reduce((a, b) => a + b, 0),
    memPerStreamKiB: pids.length ? rssGrowthKiB / streams : null,
  };
}
