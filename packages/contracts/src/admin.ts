import { z } from 'zod';
import { pageSchema, queryBoolean } from './common.js';
import { errorBodySchema } from './errors.js';
import { aiModelSchema, providerSchema } from './models.js';
import { usageSummarySchema } from './usage.js';

// Every /admin route answers 404 `NOT_FOUND` "Route not found" to anyone who is not an admin.

// ---- models ----------------------------------------------------------------------------------

export const adminModelSchema = aiModelSchema.extend({
  /** When the provider's catalog last listed it; null for the offline model before its first sync. */
  syncedAt: z.string().nullable(),
});
export type AdminModel = z.infer<typeof adminModelSchema>;

export const adminModelListSchema = z.object({ items: z.array(adminModelSchema) });
export type AdminModelList = z.infer<typeof adminModelListSchema>;

export const adminModelsQuerySchema = z
  .object({
    /** Matches the id or the name. */
    q: z.string().trim().max(200).optional(),
    provider: providerSchema.optional(),
    active: queryBoolean.optional(),
  })
  .strict();
export type AdminModelsQuery = z.infer<typeof adminModelsQuerySchema>;

/** Model ids contain `/`: send them URL-encoded in the path (`openai%2Fgpt-4o-mini`). */
export const modelIdParamSchema = z.object({ id: z.string().min(1).max(300) }).strict();

export const updateAdminModelRequestSchema = z
  .object({
    isActive: z.boolean().optional(),
    /** Makes this the one default model (it must be, or become, active). To change it, make another the default. */
    isDefault: z.literal(true, { message: 'can only be true: make another model the default instead' }).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'at least one field must be given' });
export type UpdateAdminModelRequest = z.infer<typeof updateAdminModelRequestSchema>;

/**
 * `POST /admin/models/sync` streams these as Server-Sent Events (`data: <json>`), one provider at a
 * time, ending with `sync-done`. With `Accept: application/json` only the `sync-done` event is sent,
 * as the JSON body, once the sync is over.
 */
export const modelSyncEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sync-start'), providers: z.array(providerSchema) }),
  z.object({ type: z.literal('provider-start'), provider: providerSchema }),
  z.object({ type: z.literal('provider-done'), provider: providerSchema, synced: z.number().int() }),
  z.object({ type: z.literal('provider-failed'), provider: providerSchema, error: errorBodySchema }),
  z.object({
    type: z.literal('sync-done'),
    results: z.array(
      z.object({
        provider: providerSchema,
        ok: z.boolean(),
        /** Models the catalog listed (0 when it failed). */
        synced: z.number().int(),
        error: errorBodySchema.optional(),
      }),
    ),
  }),
]);
export type ModelSyncEvent = z.infer<typeof modelSyncEventSchema>;
export type ModelSyncDone = Extract<ModelSyncEvent, { type: 'sync-done' }>;

// ---- users -----------------------------------------------------------------------------------

export const adminUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  createdAt: z.string(),
  /** Null while the account may sign in. */
  disabledAt: z.string().nullable(),
  isAdmin: z.boolean(),
  /** USD per calendar month (UTC); null = no limit. */
  monthlySpendLimitUsd: z.number().nullable(),
  /** The newest of: a message or new conversation, a sign-in or token refresh, an API call. */
  lastActiveAt: z.string().nullable(),
  /** Messages the user sent this calendar month (UTC). */
  messagesThisMonth: z.number().int(),
  spendThisMonthUsd: z.number(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const ADMIN_USER_SORTS = ['newest', 'email', 'active', 'spend'] as const;

export const adminUsersQuerySchema = z
  .object({
    /** Matches email or name (any part, any letter case). */
    q: z.string().trim().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    /** newest account first (default), email A→Z, most recently active first, highest spend this month first. */
    sort: z.enum(ADMIN_USER_SORTS).default('newest'),
  })
  .strict();
export type AdminUsersQuery = z.infer<typeof adminUsersQuerySchema>;

export const adminUserPageSchema = pageSchema(adminUserSchema);
export type AdminUserPage = z.infer<typeof adminUserPageSchema>;

export const userIdParamSchema = z.object({ id: z.string().min(1).max(200) }).strict();

export const MAX_SPEND_LIMIT_USD = 1_000_000;

export const updateAdminUserRequestSchema = z
  .object({
    /** true signs the user out everywhere and refuses every request until enabled again. */
    disabled: z.boolean().optional(),
    /** null removes the limit. */
    monthlySpendLimitUsd: z.number().min(0).max(MAX_SPEND_LIMIT_USD).nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'at least one field must be given' });
export type UpdateAdminUserRequest = z.infer<typeof updateAdminUserRequestSchema>;

// ---- usage -----------------------------------------------------------------------------------

const totals = {
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costUsd: z.number(),
  generations: z.number().int(),
};

/** `GET /admin/usage?from&to`: every user's usage, by day, by model, by both, and the top users. */
export const adminUsageSchema = usageSummarySchema.extend({
  byDayAndModel: z.array(z.object({ day: z.string(), modelId: z.string(), ...totals })),
  /** The 50 users who spent most in the period (then by generations). */
  topUsers: z.array(z.object({ userId: z.string(), email: z.string().nullable(), name: z.string().nullable(), ...totals })),
  /** Users with at least one generation in the period. */
  activeUsers: z.number().int(),
});
export type AdminUsage = z.infer<typeof adminUsageSchema>;
