import type { DocumentDiff } from '@mana/contracts';

export type DiffChange = DocumentDiff['changes'][number];

/** A row of the rendered diff: a changed or context line, or a run of unchanged lines folded away. */
export type DiffRow = { type: 'line'; change: DiffChange; oldLine: number | null; newLine: number | null } | { type: 'fold'; id: number; lines: DiffRow[] };

/**
 * Numbers the lines of a line diff (old and new side) and folds unchanged runs longer than
 * `2 × context + 1`, keeping `context` lines next to each change, like `diff -U3`.
 */
export function diffRows(changes: DiffChange[], context = 3): DiffRow[] {
  let oldLine = 0;
  let newLine = 0;
  const numbered: DiffRow[] = changes.map((change) => {
    if (change.kind === 'added') return { type: 'line', change, oldLine: null, newLine: ++newLine };
    if (change.kind === 'removed') return { type: 'line', change, oldLine: ++oldLine, newLine: null };
    return { type: 'line', change, oldLine: ++oldLine, newLine: ++newLine };
  });

  const rows: DiffRow[] = [];
  let folds = 0;
  for (let i = 0; i < numbered.length; ) {
    const row = numbered[i] as Extract<DiffRow, { type: 'line' }>;
    if (row.change.kind !== 'same') {
      rows.push(row);
      i++;
      continue;
    }
    let end = i;
    while (end < numbered.length && (numbered[end] as Extract<DiffRow, { type: 'line' }>).change.kind === 'same') end++;
    const run = numbered.slice(i, end);
    const keepBefore = i === 0 ? 0 : context;
    const keepAfter = end === numbered.length ? 0 : context;
    if (run.length > keepBefore + keepAfter + 1) {
      rows.push(...run.slice(0, keepBefore));
      rows.push({ type: 'fold', id: folds++, lines: run.slice(keepBefore, run.length - keepAfter) });
      rows.push(...run.slice(run.length - keepAfter));
    } else rows.push(...run);
    i = end;
  }
  return rows;
}

/** How many lines were added and removed. */
export function diffStats(changes: DiffChange[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const c of changes) {
    if (c.kind === 'added') added++;
    else if (c.kind === 'removed') removed++;
  }
  return { added, removed };
}
