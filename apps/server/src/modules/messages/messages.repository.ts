import { Inject, Injectable } from '@nestjs/common';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database';
import { conversations, messages, usageLogs } from '../../db/schema';
import { MAX_BRANCH_DEPTH, moveLeaf } from './active-branch.repository';
import { jsonFrom, rowFrom } from './driver-rows';
import { parentOf, prepareMessageQueries, siblingIdsOf } from './message-queries.repository';
import { type StoredTurn, TurnStore, type TurnInput } from './turn.repository';

export type MessageRow = typeof messages.$inferSelect;
type ConversationRow = typeof conversations.$inferSelect;
export type ReplyFields = Partial<
  Pick<
    MessageRow,
    'content' | 'reasoning' | 'status' | 'error' | 'promptTokens' | 'completionTokens' | 'costUsd' | 'ttftMs' | 'durationMs' | 'modelId'
  >
>;

/** A message of a page and its siblings' ids (itself included, oldest first). */
export interface PageEntry {
  row: MessageRow;
  siblingIds: string[];
}

/** Longest walk up from the leaf, for pages over data whose branch marks are ambiguous. */
const MAX_BRANCH_WALK = 100_000;

type Row = Record<string, unknown>;
const rowsOf = (result: unknown): Row[] => (result as { rows: Row[] }).rows;
const siblingIdsFrom = (value: unknown, id: string) => (typeof value === 'string' && value.length > 0 ? value.split(',') : [id]);

/** A page row (`row_to_json` of a message with `sibling_ids` and `depth`). */
const entryOf = (json: unknown): PageEntry & { depth: number } => {
  const raw = jsonFrom(json) as Row;
  const row = rowFrom(messages, raw);
  return { row, siblingIds: siblingIdsFrom(raw.sibling_ids, row.id), depth: Number(raw.depth) };
};

@Injectable()
export class MessagesRepository {
  private readonly queries: ReturnType<typeof prepareMessageQueries>;
  private readonly turns: TurnStore;

  constructor(@Inject(DATABASE) private readonly db: Database) {
    this.queries = prepareMessageQueries(db);
    this.turns = new TurnStore(db);
  }

  async findMessage({ id }: { id: string }): Promise<MessageRow | null> {
    const [row] = await this.queries.message.execute({ messageId: id });
    return row ?? null;
  }

  /** A message and its siblings' ids (itself included, oldest first), in one query. */
  async findWithSiblings({ id }: { id: string }): Promise<PageEntry | null> {
    const [found] = await this.queries.messageWithSiblings.execute({ messageId: id });
    if (!found) return null;
    const { siblingIds, ...row } = found;
    return { row, siblingIds: siblingIdsFrom(siblingIds, row.id) };
  }

  async findInConversation({ id, conversationId }: { id: string; conversationId: string }): Promise<MessageRow | null> {
    const [row] = await this.queries.messageInConversation.execute({ messageId: id, conversationId });
    return row ?? null;
  }

  /**
   * A page going up: `fromId` (when `includeFrom`) and the messages above it, at most `limit`, oldest
   * first, whole rows with their siblings, in one query whatever the depth. Null when `fromId` is not
   * a message of the conversation.
   */
  async pageUpFrom(input: { conversationId: string; fromId: string; includeFrom: boolean; limit: number }): Promise<PageEntry[] | null> {
    const { conversationId, fromId, includeFrom, limit } = input;
    const rows = await this.queries.pageUp.execute({ conversationId, messageId: fromId, limit: includeFrom ? limit - 1 : limit });
    if (rows.length === 0) return null;
    const entries = rows.map(({ page }) => entryOf(page)).map(({ row, siblingIds }) => ({ row, siblingIds }));
    return includeFrom ? entries : entries.slice(0, -1);
  }

  /**
   * A page going down: the messages after `anchorId` on the active branch, at most `limit`, oldest
   * first, with their siblings. It follows `on_active_branch` (active-branch.ts), one child per step,
   * so it costs the page whatever the depth. Null when the anchor is not on the active branch.
   */
  async pageDownFrom(input: { conversationId: string; anchorId: string; leafId: string; limit: number }): Promise<PageEntry[] | null> {
    const { conversationId, anchorId, leafId, limit } = input;
    const rows = await this.queries.pageDown.execute({ conversationId, messageId: anchorId, leafId, limit });
    const [anchor, ...below] = rows.map(({ page }) => entryOf(page));
    if (!anchor?.row.onActiveBranch) return null;
    const forked = below.some((entry, i) => i > 0 && entry.depth === below[i - 1].depth);
    const end = below.at(-1)?.row.id ?? anchorId;
    if (!forked && (below.length === limit || end === leafId)) return below.map(({ row, siblingIds }) => ({ row, siblingIds }));
    // Marks that fork or lead away from the leaf come from rows written around this service (a
    // seeded history): find the way by walking up from the leaf instead.
    const ids = await this.descendantsOnBranch({ conversationId, leafId, ancestorId: anchorId });
    return ids && this.entriesOf(conversationId, ids.slice(0, limit));
  }

  /** Ids strictly below `ancestorId` on the branch ending at `leafId`, oldest first; null if it is not on that branch. */
  async descendantsOnBranch({ conversationId, leafId, ancestorId }: { conversationId: string; leafId: string; ancestorId: string }): Promise<string[] | null> {
    const result = await this.db.execute(sql`
      with recursive chain(id, parent_id, depth) as (
        select id, parent_id, 1 from messages where id = ${leafId} and conversation_id = ${conversationId}
        union all
        select m.id, m.parent_id, c.depth + 1 from chain c cross join lateral (${parentOf(sql`c`)}) m
        where c.id <> ${ancestorId} and c.depth < ${MAX_BRANCH_WALK}
      )
      select id from chain order by depth desc`);
    const ids = rowsOf(result).map((r) => String(r.id));
    if (ids[0] !== ancestorId) return null;
    return ids.slice(1);
  }

  /** These messages, in this order, with their siblings. */
  private async entriesOf(conversationId: string, ids: string[]): Promise<PageEntry[]> {
    if (ids.length === 0) return [];
    const result = await this.db.execute(sql`
      select row_to_json(page) as page from (
        select m.*, ${siblingIdsOf(sql`m`, conversationId)} as sibling_ids from messages m
        where m.id in ${ids} and m.conversation_id = ${conversationId}
      ) page`);
    const byId = new Map(rowsOf(result).map((raw) => entryOf(raw.page)).map((entry) => [entry.row.id, entry]));
    return ids.flatMap((id) => {
      const entry = byId.get(id);
      return entry ? [{ row: entry.row, siblingIds: entry.siblingIds }] : [];
    });
  }

  /**
   * What the model is told of a branch: role and text from `fromId` up, at most `limit` messages,
   * oldest first, in one query. Replies that failed before their first word are left out.
   */
  async promptHistory({ conversationId, fromId, limit }: { conversationId: string; fromId: string; limit: number }): Promise<{ role: MessageRow['role']; content: string }[]> {
    const rows = await this.queries.promptHistory.execute({ conversationId, messageId: fromId, limit });
    return rows.map((r) => ({ role: r.role as MessageRow['role'], content: r.content }));
  }

  /**
   * Follows the newest child down from a message to the leaf of its newest branch; null when the
   * message is not in the conversation.
   */
  async newestLeafUnder({ conversationId, messageId }: { conversationId: string; messageId: string }): Promise<string | null> {
    const result = await this.db.execute(sql`
      with recursive down(id, depth) as (
        select id, 0 from messages where id = ${messageId} and conversation_id = ${conversationId}
        union all
        select (select m.id from messages m where m.parent_id = d.id order by m.created_at desc, m.id desc limit 1), d.depth + 1
        from down d where d.id is not null and d.depth < ${MAX_BRANCH_DEPTH}
      )
      select id from down where id is not null order by depth desc limit 1`);
    const id = rowsOf(result)[0]?.id;
    return id === undefined ? null : String(id);
  }

  /** See TurnStore: the turn is stored, and the branch moved to it, before any model is called. */
  createTurn(input: TurnInput): Promise<StoredTurn> {
    return this.turns.store(input);
  }

  /** Shows the branch ending at `leafId`; null when the conversation is gone. */
  async moveActiveLeaf({ conversationId, leafId }: { conversationId: string; leafId: string }): Promise<ConversationRow | null> {
    return this.db.transaction((tx) => moveLeaf(tx, { conversationId, leafId, tipId: leafId, fields: { updatedAt: new Date() } }));
  }

  async updateReply({ id, fields }: { id: string; fields: ReplyFields }): Promise<void> {
    await this.db.update(messages).set({ ...fields, updatedAt: new Date() }).where(eq(messages.id, id));
  }

  /** The reply's final state, its usage row and the conversation's activity time, together. */
  async finishReply(input: {
    id: string;
    fields: ReplyFields;
    usage: { userId: string; conversationId: string; modelId: string; promptTokens: number; completionTokens: number; costUsd: number } | null;
  }): Promise<MessageRow> {
    return this.db.transaction(async (tx) => {
      const now = new Date();
      // The conversation's row first, as deleting a conversation locks it before its messages:
      // the other way round, a reply finishing while its conversation is deleted deadlocks.
      await tx
        .update(conversations)
        .set({ lastMessageAt: now })
        .where(eq(conversations.id, sql`(select ${messages.conversationId} from ${messages} where ${messages.id} = ${input.id})`));
      const [row] = await tx.update(messages).set({ ...input.fields, updatedAt: now }).where(eq(messages.id, input.id)).returning();
      if (!row) throw new Error(`reply ${input.id} is gone (its conversation was deleted)`);
      if (input.usage) await tx.insert(usageLogs).values({ ...input.usage, messageId: input.id, source: 'chat' });
      return row;
    });
  }

  /**
   * Replies left `pending`/`streaming` by a process that died: marked failed, their text kept.
   * `olderThan` spares replies another live replica is still checkpointing.
   */
  async failOrphanedReplies({ olderThan, error }: { olderThan: Date | null; error: { code: string; message: string } }): Promise<number> {
    const unfinished = inArray(messages.status, ['pending', 'streaming']);
    const rows = await this.db
      .update(messages)
      .set({ status: 'failed', error, updatedAt: new Date() })
      .where(olderThan ? and(unfinished, lt(messages.updatedAt, olderThan)) : unfinished)
      .returning({ id: messages.id });
    return rows.length;
  }
}
