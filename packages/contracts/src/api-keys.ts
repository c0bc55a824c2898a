import { z } from 'zod';

/** Personal API keys look like `mana_<prefix>_<secret>`; only a hash is stored. */
export const API_KEY_PREFIX = 'mana_';

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const createApiKeyRequestSchema = z.object({ name: z.string().trim().min(1).max(100) }).strict();
export type CreateApiKeyRequest = z.infer<typeof createApiKeyRequestSchema>;

/** The only time the secret is shown. */
export const createdApiKeySchema = apiKeySchema.extend({ secret: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) });
