import { describe, expect, it } from 'vitest';
import { diffRows, diffStats, type DiffChange, type DiffRow } from './diff';

const same = (text: string): DiffChange => ({ kind: 'same', text });
const added = (text: string): DiffChange => ({ kind: 'added', text });
const removed = (text: string): DiffChange => ({ kind: 'removed', text });
/** A compact picture of the rows: "=3 3 text", "+ 4 text", "- 2 text", "… 5". */
const picture = (rows: DiffRow[]) =>
  rows.map((r) => (r.type === 'fold' ? `… ${r.lines.length}` : `${{ same: '=', added: '+', removed: '-' }[r.change.kind]}${r.oldLine ?? ' '} ${r.newLine ?? ' '} ${r.change.text}`));

describe('document diff rows', () => {
  it('numbers old and new lines separately', () => {
    expect(picture(diffRows([same('a'), removed('b'), added('B'), added('C'), same('d')]))).toEqual(['=1 1 a', '-2   b', '+  2 B', '+  3 C', '=3 4 d']);
  });

  it('folds long unchanged runs, keeping three lines of context next to each change', () => {
    const lines = Array.from({ length: 20 }, (_, i) => same(`line ${i + 1}`));
    const changes = [...lines.slice(0, 10), removed('old'), added('new'), ...lines.slice(10)];
    const rows = diffRows(changes);
    expect(picture(rows)).toEqual([
      '… 7',
      '=8 8 line 8',
      '=9 9 line 9',
      '=10 10 line 10',
      '-11   old',
      '+  11 new',
      '=12 12 line 11',
      '=13 13 line 12',
      '=14 14 line 13',
      '… 7',
    ]);
    // The folded lines are kept (numbered) for "show unchanged lines".
    const first = rows[0] as Extract<DiffRow, { type: 'fold' }>;
    expect(picture(first.lines)).toEqual(['=1 1 line 1', '=2 2 line 2', '=3 3 line 3', '=4 4 line 4', '=5 5 line 5', '=6 6 line 6', '=7 7 line 7']);
  });

  it('does not fold a short run between two changes', () => {
    const changes = [added('x'), same('1'), same('2'), same('3'), same('4'), same('5'), same('6'), same('7'), removed('y')];
    expect(diffRows(changes).every((r) => r.type === 'line')).toBe(true);
  });

  it('counts added and removed lines', () => {
    expect(diffStats([same('a'), added('b'), added('c'), removed('d')])).toEqual({ added: 2, removed: 1 });
  });
});
