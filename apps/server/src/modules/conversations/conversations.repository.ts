import { Inject, Injectable } from '@nestjs/common';
import { and, count, eq, ilike, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { SpaceRole } from '@mana/contracts';
import { DATABASE, type Database } from '../../db/database';
import { conversations, spaceMembers } from '../../db/schema';

export type ConversationRow = typeof conversations.$inferSelect;
export type ConversationFields = Partial<
  Pick<ConversationRow, 'title' | 'modelId' | 'systemPrompt' | 'isPinned' | 'isArchived' | 'isDocument' | 'activeLeafId' | 'lastMessageAt'>
>;

// Exactly the list indexes' order (DESC NULLS LAST), so PostgreSQL reads a page straight off the index.
const LIST_ORDER = [
  sql`${conversations.isPinned} desc nulls last`,
  sql`${conversations.lastMessageAt} desc nulls last`,
  sql`${conversations.id} desc nulls last`,
];

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class ConversationsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async createConversation(input: typeof conversations.$inferInsert): Promise<ConversationRow> {
    const [row] = await this.db.insert(conversations).values(input).returning();
    return row;
  }

  /**
   * A conversation the user may see, with their role: their own personal one (`owner`), or one in a
   * space they are an accepted member of (their space role). Anyone else's id finds nothing.
   */
  async findAccessible({ id, userId }: { id: string; userId: string }): Promise<{ conversation: ConversationRow; role: SpaceRole } | null> {
    const [row] = await this.db
      .select({ conversation: conversations, spaceRole: spaceMembers.role })
      .from(conversations)
      .leftJoin(
        spaceMembers,
        and(eq(spaceMembers.spaceId, conversations.spaceId), eq(spaceMembers.userId, userId), eq(spaceMembers.status, 'accepted')),
      )
      .where(
        and(
          eq(conversations.id, id),
          or(and(isNull(conversations.spaceId), eq(conversations.userId, userId)), isNotNull(spaceMembers.role)),
        ),
      )
      .limit(1);
    if (!row) return null;
    return { conversation: row.conversation, role: row.spaceRole ?? 'owner' };
  }

  async findConversationById({ id }: { id: string }): Promise<ConversationRow | null> {
    const [row] = await this.db.select().from(conversations).where(eq(conversations.id, id)).limit(1);
    return row ?? null;
  }

  /** Only replaces the default title, so a rename the user made meanwhile wins. */
  async setTitleIfDefault({ id, title, defaultTitle }: { id: string; title: string; defaultTitle: string }): Promise<ConversationRow | null> {
    const [row] = await this.db
      .update(conversations)
      .set({ title, updatedAt: new Date() })
      .where(and(eq(conversations.id, id), eq(conversations.title, defaultTitle)))
      .returning();
    return row ?? null;
  }

  /** Pinned first, then most recent activity; offset pagination over the (user, archived, pinned, last_message_at) index. */
  async listConversations(query: {
    userId: string;
    archived: boolean;
    spaceId?: string;
    q?: string;
    limit: number;
    offset: number;
  }): Promise<{ rows: ConversationRow[]; total: number }> {
    // A space's conversations are everyone's in it (the service checked membership); otherwise one's own.
    const filters: SQL[] = [eq(conversations.isArchived, query.archived)];
    filters.push(query.spaceId ? eq(conversations.spaceId, query.spaceId) : and(isNull(conversations.spaceId), eq(conversations.userId, query.userId))!);
    if (query.q) filters.push(ilike(conversations.title, `%${escapeLike(query.q)}%`));
    const where = and(...filters);
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select()
        .from(conversations)
        .where(where)
        .orderBy(...LIST_ORDER)
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ total: count() }).from(conversations).where(where),
    ]);
    return { rows, total };
  }

  /** Callers have checked access with findAccessible. */
  async updateConversation({ id, fields }: { id: string; fields: ConversationFields }): Promise<ConversationRow | null> {
    const [row] = await this.db.update(conversations).set({ ...fields, updatedAt: new Date() }).where(eq(conversations.id, id)).returning();
    return row ?? null;
  }

  /** Messages, documents and their usage links go with it (foreign keys cascade or set null). */
  async deleteConversation({ id }: { id: string }): Promise<boolean> {
    const rows = await this.db.delete(conversations).where(eq(conversations.id, id)).returning({ id: conversations.id });
    return rows.length === 1;
  }
}
