import { describe, expect, it } from 'vitest';
import { withActiveBranch } from './active-branch';

describe('withActiveBranch (imported conversations)', () => {
  // root ─ a ─ b        (b: the active leaf)
  //          └ c ─ d    (a branch left behind)
  const tree = [
    { id: 'root', parentId: null },
    { id: 'a', parentId: 'root' },
    { id: 'b', parentId: 'a' },
    { id: 'c', parentId: 'a' },
    { id: 'd', parentId: 'c' },
    { id: 'other-root', parentId: null },
  ];
  const marked = (leafId: string | null) => withActiveBranch(tree, leafId).filter((m) => m.onActiveBranch).map((m) => m.id);

  it('marks exactly the path from the root to the leaf', () => {
    expect(marked('b')).toEqual(['root', 'a', 'b']);
    expect(marked('d')).toEqual(['root', 'a', 'c', 'd']);
    expect(marked('other-root')).toEqual(['other-root']);
  });

  it('marks nothing without a leaf, or with a leaf that is not among the messages', () => {
    expect(marked(null)).toEqual([]);
    expect(marked('missing')).toEqual([]);
  });

  it('stops on parents that form a cycle', () => {
    const cycle = [
      { id: 'x', parentId: 'y' },
      { id: 'y', parentId: 'x' },
    ];
    expect(withActiveBranch(cycle, 'x').map((m) => m.onActiveBranch)).toEqual([true, true]);
  });

  it('keeps every other field', () => {
    expect(withActiveBranch([{ id: 'root', parentId: null, content: 'hi' }], 'root')).toEqual([{ id: 'root', parentId: null, content: 'hi', onActiveBranch: true }]);
  });
});
