import { z } from 'zod';
import { apiKeySchema } from './api-keys.js';
import { emailSchema, passwordSchema, userSchema } from './auth.js';
import { uuidSchema } from './common.js';
import { messageRoleSchema, messageStatusSchema } from './messages.js';
import { templateSchema } from './templates.js';

// ---- profile ---------------------------------------------------------------------------------

/** `GET /account`: the signed-in person, with what the profile and danger-zone pages need. */
export const accountSchema = userSchema.extend({
  /**
   * Signed in through an external issuer (AUTH_JWKS_URL): name, email and password are managed
   * there, so only sessions, export and deletion apply here.
   */
  external: z.boolean(),
  isAdmin: z.boolean(),
  /** Set by an admin; null = no limit. */
  monthlySpendLimitUsd: z.number().nullable(),
  /** This calendar month (UTC) so far. */
  spendThisMonthUsd: z.number(),
});
export type Account = z.infer<typeof accountSchema>;

const nameSchema = z.string().trim().min(1, 'must not be empty').max(100);
/** The current password, checked as entered (no length rules: it was set under older ones). */
const currentPasswordSchema = z.string().min(1, 'must not be empty').max(256);

export const updateProfileRequestSchema = z.object({ name: nameSchema }).strict();
export type UpdateProfileRequest = z.infer<typeof updateProfileRequestSchema>;

export const changeEmailRequestSchema = z.object({ email: emailSchema, password: currentPasswordSchema }).strict();
export type ChangeEmailRequest = z.infer<typeof changeEmailRequestSchema>;

export const changePasswordRequestSchema = z
  .object({ currentPassword: currentPasswordSchema, newPassword: passwordSchema })
  .strict();
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

// ---- sessions --------------------------------------------------------------------------------

/** One sign-in (a refresh-token family) and every rotation of it. */
export const sessionSchema = z.object({
  id: z.string(),
  /** When the person signed in. */
  createdAt: z.string(),
  /** The last sign-in or token refresh. */
  lastUsedAt: z.string(),
  expiresAt: z.string(),
  /** The device and address of the last sign-in or refresh, as the server saw them. */
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  /** The session the request was made with. */
  current: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;

export const sessionListSchema = z.object({ items: z.array(sessionSchema) });
export type SessionList = z.infer<typeof sessionListSchema>;

export const revokedSessionsSchema = z.object({ revoked: z.number().int() });
export type RevokedSessions = z.infer<typeof revokedSessionsSchema>;

// ---- deleting the account --------------------------------------------------------------------

/** `GET /account/deletion`: what the danger zone must ask before `DELETE /account`. */
export const deletionPreviewSchema = z.object({
  /** The exact text `confirm` must repeat: the account's email (or its id when it has none). */
  confirmWith: z.string(),
  /** Whether `password` is required (false for an externally issued identity). */
  requiresPassword: z.boolean(),
  /** Spaces the account owns: each needs `delete` or `transfer` to one of its candidates. */
  ownedSpaces: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      memberCount: z.number().int(),
      /** Accepted members who can take the space over. */
      candidates: z.array(z.object({ userId: z.string(), name: z.string(), email: z.string(), role: z.string() })),
    }),
  ),
  /** What goes: counts, for the confirmation dialog. */
  counts: z.object({
    conversations: z.number().int(),
    messages: z.number().int(),
    templates: z.number().int(),
    apiKeys: z.number().int(),
    spaceMemberships: z.number().int(),
  }),
});
export type DeletionPreview = z.infer<typeof deletionPreviewSchema>;

export const ownedSpaceDecisionSchema = z.discriminatedUnion('action', [
  z.object({ spaceId: uuidSchema, action: z.literal('delete') }).strict(),
  z.object({ spaceId: uuidSchema, action: z.literal('transfer'), transferTo: z.string().min(1).max(200) }).strict(),
]);
export type OwnedSpaceDecision = z.infer<typeof ownedSpaceDecisionSchema>;

export const deleteAccountRequestSchema = z
  .object({
    /** Required when the account has a password. */
    password: currentPasswordSchema.optional(),
    /** Must equal `confirmWith` from `GET /account/deletion` (the email; letter case is ignored). */
    confirm: z.string().min(1).max(320),
    /** One decision for every space the account owns. */
    ownedSpaces: z.array(ownedSpaceDecisionSchema).max(1_000).default([]),
  })
  .strict();
export type DeleteAccountRequest = z.input<typeof deleteAccountRequestSchema>;

// ---- password reset (public) -----------------------------------------------------------------

export const RESET_LOCALES = ['en', 'de'] as const;

export const forgotPasswordRequestSchema = z
  .object({ email: emailSchema, /** The language of the email. */ locale: z.enum(RESET_LOCALES).optional() })
  .strict();
export type ForgotPasswordRequest = z.infer<typeof forgotPasswordRequestSchema>;

export const resetPasswordRequestSchema = z
  .object({ token: z.string().min(1).max(200), password: passwordSchema })
  .strict();
export type ResetPasswordRequest = z.infer<typeof resetPasswordRequestSchema>;

// ---- export ----------------------------------------------------------------------------------

export const ACCOUNT_EXPORT_FORMAT = 'mana-chat-export';
export const ACCOUNT_EXPORT_VERSION = 1;

/** A stored error, kept loose: a future version may carry codes this one does not know. */
const storedErrorSchema = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });

export const exportedMessageSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  role: messageRoleSchema,
  content: z.string(),
  reasoning: z.string().nullable(),
  modelId: z.string().nullable(),
  status: messageStatusSchema,
  error: storedErrorSchema.nullable(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costUsd: z.number(),
  ttftMs: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ExportedMessage = z.infer<typeof exportedMessageSchema>;

export const exportedDocumentSchema = z.object({
  id: z.string(),
  messageId: z.string().nullable(),
  version: z.number().int(),
  content: z.string(),
  createdAt: z.string(),
});

export const exportedConversationSchema = z.object({
  id: z.string(),
  title: z.string(),
  modelId: z.string(),
  systemPrompt: z.string().nullable(),
  spaceId: z.string().nullable(),
  templateId: z.string().nullable(),
  activeLeafId: z.string().nullable(),
  isPinned: z.boolean(),
  isArchived: z.boolean(),
  /** Document mode: replies revise `documents`. */
  isDocument: z.boolean().default(false),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastMessageAt: z.string(),
  /** Every message of every branch, oldest first; `parentId` links them into the tree. */
  messages: z.array(exportedMessageSchema),
  documents: z.array(exportedDocumentSchema),
});
export type ExportedConversation = z.infer<typeof exportedConversationSchema>;

export const exportedUsageSchema = z.object({
  id: z.string(),
  conversationId: z.string().nullable(),
  messageId: z.string().nullable(),
  modelId: z.string(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costUsd: z.number(),
  source: z.string(),
  createdAt: z.string(),
});

export const exportedSpaceSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** Whether the account owns it. */
  owned: z.boolean(),
  role: z.string(),
  status: z.string(),
  invitedBy: z.string().nullable(),
  invitedAt: z.string(),
  respondedAt: z.string().nullable(),
  createdAt: z.string(),
});

/**
 * `GET /account/export`: everything the account holds, as one JSON file an import can read back.
 * Ids are kept so the links between records survive; an importer assigns new ones where they clash.
 */
export const accountExportSchema = z.object({
  format: z.literal(ACCOUNT_EXPORT_FORMAT),
  version: z.literal(ACCOUNT_EXPORT_VERSION),
  exportedAt: z.string(),
  user: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    createdAt: z.string(),
    monthlySpendLimitUsd: z.number().nullable(),
  }),
  conversations: z.array(exportedConversationSchema),
  templates: z.array(templateSchema),
  usage: z.array(exportedUsageSchema),
  /** Metadata only: secrets are never stored, and their hashes are not exported. */
  apiKeys: z.array(apiKeySchema),
  spaces: z.array(exportedSpaceSchema),
});
export type AccountExport = z.infer<typeof accountExportSchema>;
