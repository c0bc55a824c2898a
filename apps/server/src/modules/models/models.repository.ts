import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { ProviderName } from '@mana/contracts';
import { DATABASE, type Database } from '../../db/database';
import { aiModels } from '../../db/schema';

export type AiModelRow = typeof aiModels.$inferSelect;
export type AiModelInput = Omit<typeof aiModels.$inferInsert, 'isDefault' | 'isActive' | 'provider'>;

@Injectable()
export class ModelsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  listActiveModels(): Promise<AiModelRow[]> {
    return this.db.select().from(aiModels).where(eq(aiModels.isActive, true)).orderBy(asc(aiModels.provider), asc(aiModels.name));
  }

  async findModel({ id }: { id: string }): Promise<AiModelRow | null> {
    const [row] = await this.db.select().from(aiModels).where(eq(aiModels.id, id)).limit(1);
    return row ?? null;
  }

  /**
   * Replaces one provider's catalog: upserts what it lists (keeping an admin's is_active choice)
   * and deactivates what it no longer lists.
   */
  async replaceProviderModels({ provider, models }: { provider: ProviderName; models: AiModelInput[] }): Promise<void> {
    const now = new Date();
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < models.length; i += 500) {
        const batch = models.slice(i, i + 500).map((m) => ({ ...m, provider, syncedAt: now }));
        await tx
          .insert(aiModels)
          .values(batch)
          .onConflictDoUpdate({
            target: aiModels.id,
            set: {
              name: sql`excluded.name`,
              description: sql`excluded.description`,
              contextLength: sql`excluded.context_length`,
              pricingInput: sql`excluded.pricing_input`,
              pricingOutput: sql`excluded.pricing_output`,
              syncedAt: now,
            },
          });
      }
      const listed = models.map((m) => m.id);
      await tx
        .update(aiModels)
        .set({ isActive: false, isDefault: false })
        .where(listed.length ? and(eq(aiModels.provider, provider), notInArray(aiModels.id, listed)) : eq(aiModels.provider, provider));
    });
  }

  /** Makes `id` the only default model. */
  async setDefaultModel({ id }: { id: string }): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.update(aiModels).set({ isDefault: false }).where(eq(aiModels.isDefault, true));
      await tx.update(aiModels).set({ isDefault: true }).where(eq(aiModels.id, id));
    });
  }

  async countActiveByIds({ ids }: { ids: string[] }): Promise<number> {
    if (ids.length === 0) return 0;
    const rows = await this.db
      .select({ id: aiModels.id })
      .from(aiModels)
      .where(and(inArray(aiModels.id, ids), eq(aiModels.isActive, true)));
    return rows.length;
  }
}
