import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database';
import { conversations, documents, messages } from '../../db/schema';
import { withActiveBranch } from '../messages/active-branch';

export type ArchivedConversation = {
  conversation: typeof conversations.$inferSelect;
  messages: (typeof messages.$inferSelect)[];
  documents: (typeof documents.$inferSelect)[];
};

@Injectable()
export class ArchiveRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The user's own conversations (one, or all), each with every message of every branch. */
  async loadConversations({ userId, conversationId }: { userId: string; conversationId?: string }): Promise<ArchivedConversation[]> {
    const owned = eq(conversations.userId, userId);
    const rows = await this.db
      .select()
      .from(conversations)
      .where(conversationId ? and(owned, eq(conversations.id, conversationId)) : owned)
      .orderBy(asc(conversations.createdAt));
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [allMessages, allDocuments] = await Promise.all([
      this.db.select().from(messages).where(inArray(messages.conversationId, ids)).orderBy(asc(messages.createdAt), asc(messages.id)),
      this.db.select().from(documents).where(inArray(documents.conversationId, ids)).orderBy(asc(documents.version)),
    ]);
    const byId = new Map<string, ArchivedConversation>(rows.map((conversation) => [conversation.id, { conversation, messages: [], documents: [] }]));
    for (const m of allMessages) byId.get(m.conversationId)!.messages.push(m);
    for (const d of allDocuments) byId.get(d.conversationId)!.documents.push(d);
    return [...byId.values()];
  }

  /** Stores imported conversations in one transaction: all of them or none. */
  async insertConversations(items: {
    conversation: typeof conversations.$inferInsert;
    messages: (typeof messages.$inferInsert)[];
    documents: (typeof documents.$inferInsert)[];
  }[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const item of items) {
        await tx.insert(conversations).values(item.conversation);
        const marked = withActiveBranch(item.messages, item.conversation.activeLeafId);
        for (let i = 0; i < marked.length; i += 500) await tx.insert(messages).values(marked.slice(i, i + 500));
        if (item.documents.length) await tx.insert(documents).values(item.documents);
      }
    });
  }
}
