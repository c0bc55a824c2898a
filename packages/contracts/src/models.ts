import { z } from 'zod';

export const PROVIDERS = ['openrouter', 'openai-compatible', 'builtin'] as const;
export const providerSchema = z.enum(PROVIDERS);
export type ProviderName = z.infer<typeof providerSchema>;

/** The offline model: always there, needs no key and no network. */
export const BUILTIN_ECHO_MODEL_ID = 'builtin/echo';

export const aiModelSchema = z.object({
  id: z.string(),
  name: z.string(),
  provider: providerSchema,
  description: z.string().nullable(),
  contextLength: z.number().int(),
  /** USD per 1M input tokens. */
  pricingInput: z.number(),
  /** USD per 1M output tokens. */
  pricingOutput: z.number(),
  isActive: z.boolean(),
  isDefault: z.boolean(),
});
export type AiModel = z.infer<typeof aiModelSchema>;

export const modelListSchema = z.object({ items: z.array(aiModelSchema) });
export type ModelList = z.infer<typeof modelListSchema>;

export const modelSyncResultSchema = z.object({ synced: z.number().int(), provider: z.string() });
export type ModelSyncResult = z.infer<typeof modelSyncResultSchema>;
