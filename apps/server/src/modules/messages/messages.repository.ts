import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database';
import { conversations, messages, usageLogs } from '../../db/schema';

export type MessageRow = typeof messages.$inferSelect;
export type MessageInsert = typeof messages.$inferInsert;
export type ReplyFields = Partial<
  Pick<
    MessageRow,
    'content' | 'reasoning' | 'status' | 'error' | 'promptTokens' | 'completionTokens' | 'costUsd' | 'ttftMs' | 'durationMs' | 'modelId'
  >
>;

/** Longest branch walked in one query: far beyond any real conversation, bounded for safety. */
const MAX_BRANCH_WALK = 100_000;

type Row = Record<string, unknown>;
const rowsOf = (result: unknown): Row[] => (result as { rows: Row[] }).rows;

@Injectable()
export class MessagesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Only the message's conversation id: access is then checked on the conversation. */
  async findConversationIdOf({ id }: { id: string }): Promise<string | null> {
    const [row] = await this.db.select({ conversationId: messages.conversationId }).from(messages).where(eq(messages.id, id)).limit(1);
    return row?.conversationId ?? null;
  }

  async findMessage({ id }: { id: string }): Promise<MessageRow | null> {
    const [row] = await this.db.select().from(messages).where(eq(messages.id, id)).limit(1);
    return row ?? null;
  }

  async findInConversation({ id, conversationId }: { id: string; conversationId: string }): Promise<MessageRow | null> {
    const [row] = await this.db
      .select()
      .from(messages)
      .where(and(eq(messages.id, id), eq(messages.conversationId, conversationId)))
      .limit(1);
    return row ?? null;
  }

  /**
   * Ids from `startId` up towards the root, at most `limit`, newest first. Each step is a primary-key
   * lookup, so a page costs the same at any depth of a long conversation.
   */
  async walkUp({ conversationId, startId, limit }: { conversationId: string; startId: string; limit: number }): Promise<string[]> {
    const result = await this.db.execute(sql`
      with recursive chain(id, parent_id, depth) as (
        select id, parent_id, 1 from messages where id = ${startId} and conversation_id = ${conversationId}
        union all
        select m.id, m.parent_id, c.depth + 1 from messages m join chain c on m.id = c.parent_id
        where c.depth < ${limit}
      )
      select id from chain order by depth`);
    return rowsOf(result).map((r) => String(r.id));
  }

  /** Ids strictly below `ancestorId` on the branch ending at `leafId`, oldest first; null if it is not on that branch. */
  async descendantsOnBranch({ conversationId, leafId, ancestorId }: { conversationId: string; leafId: string; ancestorId: string }): Promise<string[] | null> {
    const result = await this.db.execute(sql`
      with recursive chain(id, parent_id, depth) as (
        select id, parent_id, 1 from messages where id = ${leafId} and conversation_id = ${conversationId}
        union all
        select m.id, m.parent_id, c.depth + 1 from messages m join chain c on m.id = c.parent_id
        where c.id <> ${ancestorId} and c.depth < ${MAX_BRANCH_WALK}
      )
      select id from chain order by depth desc`);
    const ids = rowsOf(result).map((r) => String(r.id));
    if (ids[0] !== ancestorId) return null;
    return ids.slice(1);
  }

  /** Follows the newest child down from a message to the leaf of its newest branch. */
  async newestLeafUnder({ conversationId, messageId }: { conversationId: string; messageId: string }): Promise<string> {
    const result = await this.db.execute(sql`
      with recursive down(id, depth) as (
        select id, 0 from messages where id = ${messageId} and conversation_id = ${conversationId}
        union all
        select (select m.id from messages m where m.parent_id = d.id order by m.created_at desc, m.id desc limit 1), d.depth + 1
        from down d where d.id is not null and d.depth < ${MAX_BRANCH_WALK}
      )
      select id from down where id is not null order by depth desc limit 1`);
    return String(rowsOf(result)[0]?.id ?? messageId);
  }

  async findMessagesByIds({ ids }: { ids: string[] }): Promise<MessageRow[]> {
    if (ids.length === 0) return [];
    return this.db.select().from(messages).where(inArray(messages.id, ids));
  }

  /** For each parent (null = the conversation's roots), its children's ids, oldest first. */
  async siblingsOf({ conversationId, parentIds }: { conversationId: string; parentIds: (string | null)[] }): Promise<Map<string | null, string[]>> {
    const concrete = parentIds.filter((p): p is string => p !== null);
    const conditions = [];
    if (concrete.length > 0) conditions.push(inArray(messages.parentId, concrete));
    if (parentIds.includes(null)) conditions.push(isNull(messages.parentId));
    const byParent = new Map<string | null, string[]>();
    if (conditions.length === 0) return byParent;
    const rows = await this.db
      .select({ id: messages.id, parentId: messages.parentId })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), or(...conditions)))
      .orderBy(asc(messages.createdAt), asc(messages.id));
    for (const row of rows) {
      const list = byParent.get(row.parentId) ?? [];
      list.push(row.id);
      byParent.set(row.parentId, list);
    }
    return byParent;
  }

  /**
   * Stores a user's message (when given) and the pending replies in one transaction and points the
   * conversation at the first reply: nothing reaches a model before this commits.
   */
  async createTurn(input: {
    conversationId: string;
    userMessage: MessageInsert | null;
    replies: MessageInsert[];
    conversationModelId?: string;
  }): Promise<{ userMessage: MessageRow | null; replies: MessageRow[]; conversation: typeof conversations.$inferSelect }> {
    return this.db.transaction(async (tx) => {
      const [userMessage] = input.userMessage ? await tx.insert(messages).values(input.userMessage).returning() : [null];
      const replies = await tx.insert(messages).values(input.replies).returning();
      const now = new Date();
      const [conversation] = await tx
        .update(conversations)
        .set({
          activeLeafId: replies[0].id,
          lastMessageAt: now,
          updatedAt: now,
          ...(input.conversationModelId ? { modelId: input.conversationModelId } : {}),
        })
        .where(eq(conversations.id, input.conversationId))
        .returning();
      return { userMessage, replies, conversation };
    });
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
      const [row] = await tx.update(messages).set({ ...input.fields, updatedAt: now }).where(eq(messages.id, input.id)).returning();
      if (input.usage) await tx.insert(usageLogs).values({ ...input.usage, messageId: input.id, source: 'chat' });
      await tx.update(conversations).set({ lastMessageAt: now }).where(eq(conversations.id, row.conversationId));
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
