import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database';
import { shares } from '../../db/schema';

export type ShareRow = typeof shares.$inferSelect;

@Injectable()
export class SharingRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async createShare(input: typeof shares.$inferInsert): Promise<ShareRow> {
    const [row] = await this.db.insert(shares).values(input).returning();
    return row;
  }

  async findShare({ id }: { id: string }): Promise<ShareRow | null> {
    const [row] = await this.db.select().from(shares).where(eq(shares.id, id)).limit(1);
    return row ?? null;
  }

  listShares({ conversationId, userId }: { conversationId: string; userId: string }): Promise<ShareRow[]> {
    return this.db
      .select()
      .from(shares)
      .where(and(eq(shares.conversationId, conversationId), eq(shares.userId, userId)))
      .orderBy(desc(shares.createdAt));
  }

  /** Only its creator can revoke a share. */
  async deleteShare({ id, userId }: { id: string; userId: string }): Promise<boolean> {
    const rows = await this.db.delete(shares).where(and(eq(shares.id, id), eq(shares.userId, userId))).returning({ id: shares.id });
    return rows.length === 1;
  }
}
