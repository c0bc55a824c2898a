import { and, eq, getTableColumns, type SQL, sql, type SQLWrapper } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { messages } from '../../db/schema';

const conversationId = sql.placeholder('conversationId');
const messageId = sql.placeholder('messageId');
const leafId = sql.placeholder('leafId');
const limit = sql.placeholder('limit');

/**
 * One step up a walk: the parent of the row `step`, by primary key. OFFSET 0 keeps the planner from
 * joining the walk with the whole table instead, which it does when a table is small or has no
 * statistics (PGlite never analyses): a scan of every message per step.
 */
export const parentOf = (step: SQL) => sql`select * from messages m where m.id = ${step}.parent_id offset 0`;

/** The ids of the messages sharing `row.parent_id` (roots share a null parent), oldest first, as text. */
export const siblingIdsOf = (row: SQL, conversation: SQLWrapper | string) => sql<string | null>`case
  when ${row}.parent_id is null then (
    select string_agg(s.id::text, ',' order by s.created_at, s.id) from messages s
    where s.conversation_id = ${conversation} and s.parent_id is null)
  else (
    select string_agg(s.id::text, ',' order by s.created_at, s.id) from messages s where s.parent_id = ${row}.parent_id)
  end`;

/**
 * The hot reads of messages, prepared once: drizzle builds their SQL once, and PostgreSQL parses and
 * plans each once per connection (about a millisecond less per page than planning every time). Pages
 * come back as `row_to_json` rows, cheaper to decode than twenty columns each.
 */
export function prepareMessageQueries(db: Database) {
  return {
    message: db.select().from(messages).where(eq(messages.id, messageId)).limit(1).prepare('messages_by_id'),

    messageWithSiblings: db
      .select({ ...getTableColumns(messages), siblingIds: siblingIdsOf(sql`${messages}`, messages.conversationId) })
      .from(messages)
      .where(eq(messages.id, messageId))
      .limit(1)
      .prepare('messages_by_id_with_siblings'),

    messageInConversation: db
      .select()
      .from(messages)
      .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversationId)))
      .limit(1)
      .prepare('messages_in_conversation'),

    /** From `messageId` up, `limit` + 1 rows (the start included), each with its siblings and its depth. */
    pageUp: db
      .select({ page: sql<unknown>`row_to_json(page)` })
      .from(
        sql`(
          with recursive walk as (
            select m.*, 0 as depth from messages m where m.id = ${messageId} and m.conversation_id = ${conversationId}
            union all
            select m.*, w.depth + 1 from walk w cross join lateral (${parentOf(sql`w`)}) m
            where w.depth < ${limit}
          )
          select walk.*, ${siblingIdsOf(sql`walk`, conversationId)} as sibling_ids from walk
        ) page`,
      )
      .orderBy(sql`page.depth desc`)
      .prepare('messages_page_up'),

    /**
     * From `messageId` down along the marked children (active-branch.ts), up to `limit` steps and no
     * further than the leaf; the start row first. Several rows at one depth mean the marks fork.
     */
    pageDown: db
      .select({ page: sql<unknown>`row_to_json(page)` })
      .from(
        sql`(
          with recursive walk as (
            select m.*, 0 as depth from messages m where m.id = ${messageId} and m.conversation_id = ${conversationId}
            union all
            -- OFFSET 0: one index lookup per step, never a join over the table (see parentOf).
            select c.*, w.depth + 1 from walk w
            cross join lateral (select m.* from messages m where m.parent_id = w.id and m.on_active_branch offset 0) c
            where w.on_active_branch and w.depth < ${limit} and w.id <> ${leafId}
          )
          select walk.*, ${siblingIdsOf(sql`walk`, conversationId)} as sibling_ids from walk
        ) page`,
      )
      .orderBy(sql`page.depth`, sql`page.created_at`, sql`page.id`)
      .prepare('messages_page_down'),

    /** Role and text from `messageId` up, `limit` messages at most, oldest first; empty ones left out. */
    promptHistory: db
      .select({ role: sql<string>`chain.role`, content: sql<string>`chain.content` })
      .from(
        sql`(
          with recursive walk (parent_id, role, content, depth) as (
            select parent_id, role, content, 1 from messages where id = ${messageId} and conversation_id = ${conversationId}
            union all
            select m.parent_id, m.role, m.content, w.depth + 1 from walk w cross join lateral (${parentOf(sql`w`)}) m
            where w.depth < ${limit}
          )
          select * from walk where content <> ''
        ) chain`,
      )
      .orderBy(sql`chain.depth desc`)
      .prepare('messages_prompt_history'),
  };
}
