// The results table (terminal and markdown) and target checks.
import { round } from './stats.mjs';

/** Fills in `pass` from the row's target: { op: '<=' | '<', value, on: 'ours' | 'added' }. */
export function judge(row) {
  if (row.pass !== undefined || !row.target || row.target.op === 'eq0') return row;
  const subject = row[row.target.on ?? 'ours'];
  if (typeof subject !== 'number' || Number.isNaN(subject)) {
    row.pass = null;
    return row;
  }
  row.pass = row.target.op === '<' ? subject < row.target.value : subject <= row.target.value;
  return row;
}

export function targetText(row) {
  const t = row.target;
  if (!t) return '';
  if (t.text) return t.text;
  const unit = row.unit === 'count' ? '' : ` ${row.unit}`;
  const on = t.on === 'added' ? 'added ' : t.on === 'oursP99' ? 'p99 ' : '';
  return `${on}${t.op === '<' ? '<' : '≤'} ${t.value}${unit}`;
}

const fmt = (v, unit) => {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '–';
  if (typeof v === 'string') return v;
  const r = round(v);
  return unit === 'count' ? String(r) : String(r);
};

/** "ours" with its p99 when the row carries both (per-delta latency, gaps). */
const pair = (a, b, unit) => (b === undefined ? fmt(a, unit) : `${fmt(a, unit)} / ${fmt(b, unit)}`);

export function cells(row) {
  const result = row.skipped ? 'skipped' : row.pass === true ? 'PASS' : row.pass === false ? 'MISS' : row.target ? '?' : '';
  let ratio = '';
  if (typeof row.ratio === 'number' && Number.isFinite(row.ratio)) ratio = `${round(row.ratio, 2)}×`;
  let added = '';
  if (typeof row.added === 'number' && !Number.isNaN(row.added)) {
    added = `${row.added >= 0 ? '+' : ''}${fmt(row.added, row.unit)}`;
    if (typeof row.relayAdded === 'number' && !Number.isNaN(row.relayAdded)) added += ` (relay ${row.relayAdded >= 0 ? '+' : ''}${fmt(row.relayAdded, row.unit)})`;
  }
  const other = row.baseline ? `${row.baseline.label}: ${pair(row.baseline.value, row.baseline.p99, row.unit)}` : '';
  return {
    scenario: row.scenario,
    metric: `${row.metric}${row.unit && row.unit !== 'count' ? ` (${row.unit})` : ''}`,
    ours: row.skipped ? row.skipped : pair(row.ours, row.oursP99, row.unit),
    direct: row.direct === undefined ? '' : pair(row.direct, row.directP99, row.unit),
    relay: row.relay === undefined ? '' : pair(row.relay, row.relayP99, row.unit),
    other,
    added,
    ratio,
    target: targetText(row),
    result,
  };
}

const COLUMNS = [
  ['scenario', 'Scn'],
  ['metric', 'Metric'],
  ['ours', 'Ours'],
  ['direct', 'Direct'],
  ['relay', 'Node relay'],
  ['other', 'Other baseline'],
  ['added', 'Added over direct'],
  ['ratio', 'Ratio'],
  ['target', 'Target'],
  ['result', 'Result'],
];

export function textTable(rows) {
  const data = rows.map(cells);
  const widths = COLUMNS.map(([k, h]) => Math.min(k === 'metric' ? 60 : 40, Math.max(h.length, ...data.map((d) => String(d[k]).length))));
  const line = (vals) => vals.map((v, i) => String(v).slice(0, widths[i]).padEnd(widths[i])).join(' │ ');
  const out = [line(COLUMNS.map(([, h]) => h)), widths.map((w) => '─'.repeat(w)).join('─┼─')];
  let last = null;
  for (const d of data) {
    if (last !== null && d.scenario !== last) out.push(widths.map((w) => '─'.repeat(w)).join('─┼─'));
    last = d.scenario;
    out.push(line(COLUMNS.map(([k]) => d[k])));
  }
  return out.join('\n');
}

export function markdownTable(rows, { notes = false } = {}) {
  const columns = notes ? [...COLUMNS, ['note', 'Notes']] : COLUMNS;
  const data = rows.map((r) => ({ ...cells(r), note: r.note ?? '' }));
  const esc = (s) => String(s).replace(/\|/g, '\\|');
  const out = [`| ${columns.map(([, h]) => h).join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`];
  for (const d of data) out.push(`| ${columns.map(([k]) => esc(k === 'result' && d[k] ? `**${d[k]}**` : d[k])).join(' | ')} |`);
  return out.join('\n');
}
