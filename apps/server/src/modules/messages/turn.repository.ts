import { getTableColumns, sql, type SQLWrapper } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { conversations, messages } from '../../db/schema';
import { moveLeaf } from './active-branch.repository';
import { jsonFrom, rowFrom } from './driver-rows';
import { preparedSql } from './prepared-sql';

type MessageRow = typeof messages.$inferSelect;
type ConversationRow = typeof conversations.$inferSelect;
type Row = Record<string, unknown>;

/** A message of a turn as the service builds it; columns not given take their defaults. */
export type TurnMessage = Pick<MessageRow, 'id' | 'conversationId' | 'parentId' | 'role' | 'content' | 'modelId' | 'status' | 'createdAt' | 'updatedAt'>;

export interface TurnInput {
  conversationId: string;
  /** Where the turn goes: the parent of its first message (null: a new root). */
  parentId: string | null;
  /** The active leaf the caller read before: answering it is the usual case, and the cheap one. */
  leafSeen: string | null;
  userMessage: TurnMessage | null;
  replies: TurnMessage[];
  conversationModelId?: string;
}

export interface StoredTurn {
  userMessage: MessageRow | null;
  replies: MessageRow[];
  conversation: ConversationRow;
  /** For each parent of a stored message, all its children's ids, oldest first. */
  siblingIds: Map<string | null, string[]>;
}

/**
 * Stores turns — the user's message (when given) and the pending replies — making the first reply
 * the active leaf, atomically: nothing reaches a model before `store` returns.
 *
 * A message sent at the leaf (the usual case) is one prepared statement, committed on its own: its
 * UPDATE only matches while the leaf is still the parent, and its INSERT only runs when that
 * matched. Anything else (a regenerate, an edit, a leaf that moved meanwhile) is a transaction that
 * re-marks the branch (active-branch.ts) first.
 */
export class TurnStore {
  /** One prepared statement per shape of turn (how many messages; from a root; a new model). */
  private readonly atLeaf = new Map<string, ReturnType<typeof preparedSql>>();

  constructor(private readonly db: Database) {}

  async store(input: TurnInput): Promise<StoredTurn> {
    const now = new Date();
    const rows = [...(input.userMessage ? [input.userMessage] : []), ...input.replies].map((m) => ({
      ...m,
      // The first reply is the new leaf; further ones (compare mode) are beside it, off the branch.
      onActiveBranch: m === input.userMessage || m === input.replies[0],
    }));
    if (input.parentId === input.leafSeen) {
      const atLeaf = await this.storeAtLeaf(input, rows, now);
      if (atLeaf) return atLeaf;
    }
    return this.db.transaction(async (tx) => {
      const conversation = await moveLeaf(tx, {
        conversationId: input.conversationId,
        leafId: input.replies[0].id,
        tipId: input.parentId,
        fields: { lastMessageAt: now, updatedAt: now, ...(input.conversationModelId ? { modelId: input.conversationModelId } : {}) },
      });
      if (!conversation) throw new Error(`conversation ${input.conversationId} is gone`);
      const returned = await tx
        .insert(messages)
        .values(rows)
        .returning({ ...getTableColumns(messages), earlierSiblings: earlierSiblingsOf(input.parentId === null, input.parentId, input.conversationId) });
      const stored = returned.map(({ earlierSiblings: _, ...row }) => row);
      return assemble(input, conversation, stored, returned[0]?.earlierSiblings);
    });
  }

  /** The single-statement case; null when the leaf is no longer the parent (nothing was written). */
  private async storeAtLeaf(input: TurnInput, rows: (TurnMessage & { onActiveBranch: boolean })[], now: Date): Promise<StoredTurn | null> {
    const shape = { messages: rows.length, fromRoot: input.parentId === null, newModel: Boolean(input.conversationModelId) };
    const key = `${shape.messages}_${shape.fromRoot ? 'root' : 'child'}${shape.newModel ? '_model' : ''}`;
    let statement = this.atLeaf.get(key);
    if (!statement) this.atLeaf.set(key, (statement = preparedSql(`messages_turn_at_leaf_${key}`, turnAtLeafSql(shape))));
    const values: Record<string, unknown> = {
      conversationId: input.conversationId,
      parentId: input.parentId,
      leafId: input.replies[0].id,
      at: now.toISOString(),
      modelId: input.conversationModelId ?? null,
    };
    rows.forEach((m, i) => {
      Object.assign(values, {
        [`id${i}`]: m.id,
        [`parent${i}`]: m.parentId,
        [`role${i}`]: m.role,
        [`content${i}`]: m.content,
        [`model${i}`]: m.modelId,
        [`status${i}`]: m.status,
        [`branch${i}`]: m.onActiveBranch,
        [`created${i}`]: m.createdAt.toISOString(),
        [`updated${i}`]: m.updatedAt.toISOString(),
      });
    });
    const returned = await statement(this.db, values);
    if (returned.length === 0) return null;
    const conversation = rowFrom(conversations, jsonFrom(returned[0].moved_conversation) as Row);
    return assemble(input, conversation, returned.map((raw) => rowFrom(messages, jsonFrom(raw.stored) as Row)), returned[0].earlier_siblings);
  }
}

function turnAtLeafSql({ messages: count, fromRoot, newModel }: { messages: number; fromRoot: boolean; newModel: boolean }) {
  const p = (name: string) => sql.placeholder(name);
  const values = sql.join(
    Array.from(
      { length: count },
      (_, i) => sql`(${p(`id${i}`)}::uuid, ${p('conversationId')}::uuid, ${p(`parent${i}`)}::uuid, ${p(`role${i}`)}::text, ${p(`content${i}`)}::text,
        ${p(`model${i}`)}::text, ${p(`status${i}`)}::text, ${p(`branch${i}`)}::boolean, ${p(`created${i}`)}::timestamptz, ${p(`updated${i}`)}::timestamptz)`,
    ),
    sql`, `,
  );
  return sql`
    with moved as (
      update conversations
      set active_leaf_id = ${p('leafId')}::uuid, last_message_at = ${p('at')}::timestamptz, updated_at = ${p('at')}::timestamptz
        ${newModel ? sql`, model_id = ${p('modelId')}::text` : sql``}
      where id = ${p('conversationId')}::uuid and ${fromRoot ? sql`active_leaf_id is null` : sql`active_leaf_id = ${p('parentId')}::uuid`}
      returning *
    ),
    stored as (
      insert into messages (id, conversation_id, parent_id, role, content, model_id, status, on_active_branch, created_at, updated_at)
      select * from (values ${values}) v where exists (select 1 from moved)
      returning *
    )
    select row_to_json(stored) as stored, (select row_to_json(moved) from moved) as moved_conversation,
      ${earlierSiblingsOf(fromRoot, p('parentId'), p('conversationId'))} as earlier_siblings
    from stored`;
}

/** The parent's children before the turn: a statement does not see the rows it inserts itself. */
const earlierSiblingsOf = (fromRoot: boolean, parentId: SQLWrapper | string | null, conversationId: SQLWrapper | string) => sql<unknown>`(
  select json_agg(json_build_array(s.id, s.created_at) order by s.created_at, s.id) from messages s
  where ${fromRoot ? sql`s.conversation_id = ${conversationId}::uuid and s.parent_id is null` : sql`s.parent_id = ${parentId}::uuid`})`;

function assemble(input: TurnInput, conversation: ConversationRow, stored: MessageRow[], earlierSiblings: unknown): StoredTurn {
  const earlier = ((jsonFrom(earlierSiblings) ?? []) as [string, string][]).map(([id, createdAt]) => ({ id, createdAt: new Date(createdAt) }));
  const byId = new Map(stored.map((r) => [r.id, r]));
  const siblingIds = new Map<string | null, string[]>();
  for (const parentId of new Set(stored.map((r) => r.parentId))) {
    const children = [...(parentId === input.parentId ? earlier : []), ...stored.filter((r) => r.parentId === parentId)];
    children.sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    siblingIds.set(parentId, children.map((c) => c.id));
  }
  return {
    userMessage: input.userMessage ? byId.get(input.userMessage.id)! : null,
    replies: input.replies.map((r) => byId.get(r.id)!),
    conversation,
    siblingIds,
  };
}
