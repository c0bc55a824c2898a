import { z } from 'zod';

export const uuidSchema = z.uuid({ message: 'must be a UUID' });
export const isoDateSchema = z.string();

/** Query-string booleans arrive as text. */
export const queryBoolean = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');

export const idParamSchema = z.object({ id: uuidSchema }).strict();

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}
export type Page<T> = { items: T[]; total: number; limit: number; offset: number };
