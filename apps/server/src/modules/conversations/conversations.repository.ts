import { Inject, Injectable } from '@nestjs/common';
import { and, count, desc, eq, ilike, isNull, type SQL } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database';
import { conversations } from '../../db/schema';

export type ConversationRow = typeof conversations.$inferSelect;
export type ConversationFields = Partial<
  Pick<ConversationRow, 'title' | 'modelId' | 'systemPrompt' | 'isPinned' | 'isArchived' | 'activeLeafId' | 'lastMessageAt'>
>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class ConversationsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async createConversation(input: typeof conversations.$inferInsert): Promise<ConversationRow> {
    const [row] = await this.db.insert(conversations).values(input).returning();
    return row;
  }

  /** Owner-scoped: another user's id finds nothing. */
  async findConversation({ id, userId }: { id: string; userId: string }): Promise<ConversationRow | null> {
    const [row] = await this.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.id, id), eq(conversations.userId, userId)))
      .limit(1);
    return row ?? null;
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
    const filters: SQL[] = [eq(conversations.userId, query.userId), eq(conversations.isArchived, query.archived)];
    filters.push(query.spaceId ? eq(conversations.spaceId, query.spaceId) : isNull(conversations.spaceId));
    if (query.q) filters.push(ilike(conversations.title, `%${escapeLike(query.q)}%`));
    const where = and(...filters);
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select()
        .from(conversations)
        .where(where)
        .orderBy(desc(conversations.isPinned), desc(conversations.lastMessageAt), desc(conversations.id))
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ total: count() }).from(conversations).where(where),
    ]);
    return { rows, total };
  }

  async updateConversation({ id, userId, fields }: { id: string; userId: string; fields: ConversationFields }): Promise<ConversationRow | null> {
    const [row] = await this.db
      .update(conversations)
      .set({ ...fields, updatedAt: new Date() })
      .where(and(eq(conversations.id, id), eq(conversations.userId, userId)))
      .returning();
    return row ?? null;
  }

  /** Messages, documents and their usage links go with it (foreign keys cascade or set null). */
  async deleteConversation({ id, userId }: { id: string; userId: string }): Promise<boolean> {
    const rows = await this.db
      .delete(conversations)
      .where(and(eq(conversations.id, id), eq(conversations.userId, userId)))
      .returning({ id: conversations.id });
    return rows.length === 1;
  }
}
