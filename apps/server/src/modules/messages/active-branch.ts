/**
 * Which messages are on the active branch (the path from a root to `conversations.active_leaf_id`),
 * kept in `messages.on_active_branch`.
 *
 * Why a flag: an `after` page has to go *down* from its cursor, and at a fork (a regenerated reply,
 * an edited message) only the branch knows which child to take. Walking up from the leaf to the
 * cursor instead costs the distance to the newest message (half a second 500k messages back).
 * With the flag a page is O(page): at each step take the one child that is on the branch, and a
 * cursor off the branch is recognised at once.
 *
 * What it costs: every change of the active leaf re-marks the path, in the transaction that moves
 * the leaf and after that UPDATE has locked the conversation's row, so concurrent changes apply one
 * after another (`active-branch.repository.ts`). A message sent at the leaf (the usual case) changes
 * no mark and costs nothing extra (`turn.repository.ts`). Otherwise the work is proportional to the
 * part of the path that changes: one message for a regenerated last reply, but an edit or a branch
 * switch n messages back re-marks the n messages left behind and those newly shown (roughly 40 ms
 * per 1,000 messages on PGlite; a branch switch already walks the new branch to find its leaf).
 * A child pointer on each message (`active_child_id`) would make switching cheaper, but stale
 * pointers on abandoned branches look just like current ones, so neither a cursor nor the fork
 * point of a switch could be checked without walking to the root.
 *
 * New messages are on the branch by default: rows written straight into the table (a seeded chain)
 * are then right as long as they form a chain. Where such data has forks, several children of a
 * message are marked; pages notice that and fall back to walking up from the leaf, and the next
 * switch through that fork clears it up.
 */

/** Marks the messages of an imported conversation: on the branch exactly when on the path to its leaf. */
export function withActiveBranch<M extends { id?: string; parentId?: string | null }>(
  messages: M[],
  leafId: string | null | undefined,
): (M & { onActiveBranch: boolean })[] {
  const parentOf = new Map(messages.map((m) => [m.id, m.parentId ?? null]));
  const path = new Set<string>();
  // The set also stops a malformed archive whose parents form a cycle.
  for (let id = leafId ?? null; id !== null && parentOf.has(id) && !path.has(id); id = parentOf.get(id) ?? null) path.add(id);
  return messages.map((m) => ({ ...m, onActiveBranch: m.id !== undefined && path.has(m.id) }));
}
