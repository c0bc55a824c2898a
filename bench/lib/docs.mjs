// Keeps the "Latest figures" section of docs/performance.md in step with the last full run.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './proc.mjs';
import { markdownTable } from './report.mjs';

const START = '<!-- bench:latest:start -->';
const END = '<!-- bench:latest:end -->';
const DOC = path.join(ROOT, 'docs', 'performance.md');

/** "S1 0 of 2, S2 5 of 13, …": targets met per scenario. */
export function targetSummary(rows) {
  const by = new Map();
  for (const r of rows) {
    if (!r.target || r.skipped) continue;
    const s = by.get(r.scenario) ?? { pass: 0, all: 0 };
    s.all++;
    if (r.pass === true) s.pass++;
    by.set(r.scenario, s);
  }
  return [...by].map(([k, v]) => `${k} ${v.pass} of ${v.all} met`).join(', ');
}

export function latestSection(result) {
  const m = result.machine;
  const judged = result.rows.filter((r) => r.target && !r.skipped);
  const pass = judged.filter((r) => r.pass === true).length;
  const miss = judged.filter((r) => r.pass === false);
  const lines = [
    START,
    `_Written by \`npm run bench\` on ${result.date} (${result.mode} run of ${result.scenarios.join(', ')}, ${Math.round(result.durationS / 60)} min). Raw data: \`bench/results/${result.date}${result.mode === 'quick' ? '-quick' : ''}.json\`._`,
    '',
    `**Machine:** ${m.nproc} × ${m.cpuModel}${m.cpuMHz ? ` (${Math.round(m.cpuMHz)} MHz)` : ''}, ${m.memoryGiB} GiB RAM, Linux ${m.kernel}, Node ${m.node}` +
      `${result.postgres ? `, ${result.postgres}` : ''}. Load average ${m.loadAverageAtStart.join(' / ')} at the start and ${m.loadAverageAtEnd.join(' / ')} at the end` +
      `${m.loadAverageAtStart[0] > m.nproc ? ' — the machine was shared with other work, so absolute times are noisy; the same-run baselines are what to compare against' : ''}.`,
    '',
    `**Pinning:** ${result.pinning.enabled ? `API server and relay on core ${result.pinning.serverCore}, load generator and fake upstream on core ${result.pinning.loadCore} (\`taskset\`)` : result.pinning.notice}.`,
    '',
    `**Targets:** ${pass} pass, ${miss.length} miss (${targetSummary(result.rows)}).`,
    '',
    markdownTable(result.rows, { notes: true }),
    '',
    ...result.notes.map((n) => `- ${n}`),
    ...result.warnings.map((w) => `- ⚠ ${w.split('\n')[0]}`),
    END,
  ];
  return lines.join('\n');
}

export function writeDocs(result) {
  const section = latestSection(result);
  let text = existsSync(DOC) ? readFileSync(DOC, 'utf8') : `# Performance\n\n## Latest figures\n\n${START}\n${END}\n`;
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < 0) text += `\n## Latest figures\n\n${section}\n`;
  else text = text.slice(0, a) + section + text.slice(b + END.length);
  writeFileSync(DOC, text);
  return DOC;
}
