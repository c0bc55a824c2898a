// Small, allocation-light statistics for latency samples (milliseconds unless said otherwise).

/** The q-quantile (0..1) of `values` by linear interpolation; NaN for an empty list. */
export function quantile(values, q) {
  const n = values.length;
  if (n === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  if (n === 1) return sorted[0];
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export const median = (values) => quantile(values, 0.5);
export const p99 = (values) => quantile(values, 0.99);
export const mean = (values) => (values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length);
export const max = (values) => values.reduce((a, b) => (b > a ? b : a), -Infinity);

/** Median of per-round medians: robust against a noisy round (other work on the machine). */
export function medianOfRoundMedians(rounds) {
  return median(rounds.filter((r) => r.length > 0).map(median));
}

/** Rounds a number for a table or JSON: 3 significant decimals below 10, fewer above. */
export function round(x, digits) {
  if (x === null || x === undefined || Number.isNaN(x)) return null;
  if (!Number.isFinite(x)) return x;
  const d = digits ?? (Math.abs(x) < 1 ? 3 : Math.abs(x) < 10 ? 2 : Math.abs(x) < 1000 ? 1 : 0);
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

/** Shuffles in place (Fisher–Yates) so the order of targets inside a round never favours one. */
export function shuffle(list) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

/** Nanoseconds on the system-wide monotonic clock: comparable between processes on one machine. */
export const nowNs = () => Number(process.hrtime.bigint());
export const nsToMs = (ns) => ns / 1e6;
