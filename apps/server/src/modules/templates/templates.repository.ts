import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database';
import { templates } from '../../db/schema';

export type TemplateRow = typeof templates.$inferSelect;
type TemplateFields = Partial<Omit<typeof templates.$inferInsert, 'id' | 'userId' | 'createdAt'>>;

@Injectable()
export class TemplatesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  listTemplates({ userId }: { userId: string }): Promise<TemplateRow[]> {
    return this.db
      .select()
      .from(templates)
      .where(eq(templates.userId, userId))
      .orderBy(desc(templates.isDefault), asc(templates.name));
  }

  async findTemplate({ id, userId }: { id: string; userId: string }): Promise<TemplateRow | null> {
    const [row] = await this.db
      .select()
      .from(templates)
      .where(and(eq(templates.id, id), eq(templates.userId, userId)))
      .limit(1);
    return row ?? null;
  }

  /** Creates or updates; making one the default clears the flag on the user's others in the same transaction. */
  async saveTemplate(input: { id?: string; userId: string; fields: TemplateFields }): Promise<TemplateRow | null> {
    return this.db.transaction(async (tx) => {
      if (input.fields.isDefault) {
        await tx.update(templates).set({ isDefault: false }).where(eq(templates.userId, input.userId));
      }
      if (!input.id) {
        const [row] = await tx
          .insert(templates)
          .values({ ...input.fields, userId: input.userId } as typeof templates.$inferInsert)
          .returning();
        return row;
      }
      const [row] = await tx
        .update(templates)
        .set({ ...input.fields, updatedAt: new Date() })
        .where(and(eq(templates.id, input.id), eq(templates.userId, input.userId)))
        .returning();
      return row ?? null;
    });
  }

  async deleteTemplate({ id, userId }: { id: string; userId: string }): Promise<boolean> {
    const rows = await this.db
      .delete(templates)
      .where(and(eq(templates.id, id), eq(templates.userId, userId)))
      .returning({ id: templates.id });
    return rows.length === 1;
  }
}
