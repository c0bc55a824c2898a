import { eq, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { conversations } from '../../db/schema';
import { preparedSql } from './prepared-sql';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
type ConversationRow = typeof conversations.$inferSelect;

/**
 * Bounds walks that must reach the end of a branch. Far above any conversation (the benchmark's
 * has a million messages); only a malformed archive whose parents form a cycle would reach it.
 */
export const MAX_BRANCH_DEPTH = 10_000_000;

/**
 * The children of a message that are marked on the branch, one index lookup per message. OFFSET 0
 * (here and in the walk up) keeps the planner from turning the walk into a join over the whole
 * table, which it does when a table is small or has no statistics (PGlite never analyses): a scan
 * of every message per step, quadratic in the walk.
 */
const markedChildrenOf = (parentId: SQL) =>
  sql`select m.id from messages m where m.parent_id = ${parentId} and m.on_active_branch offset 0`;

/**
 * Makes `leafId` the conversation's active leaf (with the other fields of the same change) and
 * re-marks the branch to run through `tipId`: the new leaf itself, or the parent of the messages
 * about to be inserted. Null when the conversation is gone.
 *
 * The UPDATE comes first: its row lock orders concurrent changes of the branch, and the marking
 * statement after it sees what the earlier ones committed.
 */
export async function moveLeaf(
  tx: Transaction,
  { conversationId, leafId, tipId, fields }: { conversationId: string; leafId: string; tipId: string | null; fields: Partial<ConversationRow> },
): Promise<ConversationRow | null> {
  const [moved] = await tx
    .update(conversations)
    .set({ ...fields, activeLeafId: leafId })
    .where(eq(conversations.id, conversationId))
    .returning();
  if (!moved) return null;
  await markActiveBranch(tx, { conversationId, tipId });
  return moved;
}

const tip = sql.placeholder('tipId');
const conversation = sql.placeholder('conversationId');

/**
 * Re-marks `on_active_branch` (see active-branch.ts) so that the branch runs through `tipId` (null:
 * new messages start a new root). From the tip up, unmarked messages are marked until the first
 * marked one, where the new path meets the old; everything marked below that point (the rest of
 * the old path) is unmarked.
 */
const markActiveBranch = preparedSql(
  'messages_mark_active_branch',
  sql`
    with recursive
    up (id, parent_id, on_branch, depth) as (
      select id, parent_id, on_active_branch, 0 from messages where id = ${tip} and conversation_id = ${conversation}
      union all
      select m.id, m.parent_id, m.on_active_branch, u.depth + 1
      from up u cross join lateral (select * from messages m where m.id = u.parent_id offset 0) m
      where not u.on_branch and u.depth < ${MAX_BRANCH_DEPTH}
    ),
    meeting (id) as (select id from up where on_branch),
    left_behind (id, depth) as (
      select c.id, 1 from meeting cross join lateral (${markedChildrenOf(sql`meeting.id`)}) c
      union all
      -- The new path meets the old nowhere (a new root): all of the old path goes.
      select m.id, 1 from messages m
      where not exists (select 1 from meeting) and (${tip}::uuid is null or exists (select 1 from up))
        and m.conversation_id = ${conversation} and m.parent_id is null and m.on_active_branch
      union all
      select c.id, b.depth + 1 from left_behind b cross join lateral (${markedChildrenOf(sql`b.id`)}) c
      where b.depth < ${MAX_BRANCH_DEPTH}
    ),
    -- "= any(array(...))": one primary-key lookup per message; the planner cannot guess how many
    -- rows a recursive walk gives and would otherwise scan the whole table for a single one.
    shown as (update messages set on_active_branch = true where id = any(array(select id from up where not on_branch)) returning 1),
    hidden as (update messages set on_active_branch = false where id = any(array(select id from left_behind)) returning 1)
    select 1`,
);
