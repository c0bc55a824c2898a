import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database';
import { conversations, documents } from '../../db/schema';

export type DocumentRow = typeof documents.$inferSelect;

@Injectable()
export class DocumentsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async isDocumentConversation({ conversationId }: { conversationId: string }): Promise<boolean> {
    const [row] = await this.db.select({ isDocument: conversations.isDocument }).from(conversations).where(eq(conversations.id, conversationId)).limit(1);
    return row?.isDocument ?? false;
  }

  async latestVersion({ conversationId }: { conversationId: string }): Promise<DocumentRow | null> {
    const [row] = await this.db.select().from(documents).where(eq(documents.conversationId, conversationId)).orderBy(desc(documents.version)).limit(1);
    return row ?? null;
  }

  async findVersion({ conversationId, version }: { conversationId: string; version: number }): Promise<DocumentRow | null> {
    const [row] = await this.db
      .select()
      .from(documents)
      .where(and(eq(documents.conversationId, conversationId), eq(documents.version, version)))
      .limit(1);
    return row ?? null;
  }

  listVersions({ conversationId }: { conversationId: string }) {
    return this.db
      .select({
        version: documents.version,
        messageId: documents.messageId,
        createdAt: documents.createdAt,
        length: sql<number>`length(${documents.content})::int`,
      })
      .from(documents)
      .where(eq(documents.conversationId, conversationId))
      .orderBy(asc(documents.version));
  }

  /** Appends the next version; the unique (conversation, version) index settles races. */
  async addVersion(input: { conversationId: string; content: string; messageId: string | null }): Promise<DocumentRow> {
    for (let attempt = 0; ; attempt++) {
      try {
        const [row] = await this.db
          .insert(documents)
          .values({
            ...input,
            version: sql`(select coalesce(max(version), 0) + 1 from documents where conversation_id = ${input.conversationId})`,
          })
          .returning();
        return row;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  }
}
