import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, ilike, inArray, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database';
import { conversations, messages } from '../../db/schema';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class SearchRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The user's messages matching every term as a word prefix, newest first (full-text index). */
  searchMessages({ userId, tsquery, limit }: { userId: string; tsquery: string; limit: number }) {
    return this.db
      .select({ id: messages.id, conversationId: messages.conversationId, content: messages.content })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(eq(conversations.userId, userId), sql`to_tsvector('simple', ${messages.content}) @@ to_tsquery('simple', ${tsquery})`))
      .orderBy(desc(messages.createdAt))
      .limit(limit);
  }

  searchTitles({ userId, q, limit }: { userId: string; q: string; limit: number }) {
    return this.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.userId, userId), ilike(conversations.title, `%${escapeLike(q)}%`)))
      .orderBy(desc(conversations.lastMessageAt))
      .limit(limit);
  }

  findConversations({ userId, ids }: { userId: string; ids: string[] }) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.select().from(conversations).where(and(eq(conversations.userId, userId), inArray(conversations.id, ids)));
  }
}
