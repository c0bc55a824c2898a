import { z } from 'zod';
import { errorBodySchema } from './errors.js';
import { uuidSchema } from './common.js';

export const MAX_MESSAGE_LENGTH = 100_000;

export const MESSAGE_ROLES = ['system', 'user', 'assistant'] as const;
export const messageRoleSchema = z.enum(MESSAGE_ROLES);
export type MessageRole = z.infer<typeof messageRoleSchema>;

export const MESSAGE_STATUSES = ['pending', 'streaming', 'complete', 'failed', 'cancelled'] as const;
export const messageStatusSchema = z.enum(MESSAGE_STATUSES);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

/** A status from which a message will not change again. */
export const isFinalStatus = (s: MessageStatus) => s === 'complete' || s === 'failed' || s === 'cancelled';

export const messageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  parentId: z.string().nullable(),
  role: messageRoleSchema,
  content: z.string(),
  reasoning: z.string().nullable(),
  modelId: z.string().nullable(),
  status: messageStatusSchema,
  error: errorBodySchema.nullable(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costUsd: z.number(),
  ttftMs: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Ids of every message sharing this one's parent (itself included), oldest first: the branch switcher. */
  siblingIds: z.array(z.string()),
});
export type Message = z.infer<typeof messageSchema>;

const content = z
  .string()
  .max(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters`)
  .refine((s) => s.trim().length > 0, { message: 'must not be empty' });

export const sendMessageRequestSchema = z
  .object({
    content,
    modelId: z.string().min(1).max(200).optional(),
    /** Reply under this message instead of the active leaf (used by edit/branching clients). */
    parentId: uuidSchema.nullable().optional(),
    /** Compare mode: one reply per model. */
    modelIds: z.array(z.string().min(1).max(200)).min(2).max(6).optional(),
  })
  .strict();
export type SendMessageRequest = z.infer<typeof sendMessageRequestSchema>;

export const editMessageRequestSchema = z
  .object({ content, modelId: z.string().min(1).max(200).optional() })
  .strict();
export type EditMessageRequest = z.infer<typeof editMessageRequestSchema>;

export const regenerateRequestSchema = z.object({ modelId: z.string().min(1).max(200).optional() }).strict();
export type RegenerateRequest = z.infer<typeof regenerateRequestSchema>;

export const switchBranchRequestSchema = z.object({ leafId: uuidSchema }).strict();
export type SwitchBranchRequest = z.infer<typeof switchBranchRequestSchema>;

export const listMessagesQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.string().max(200).optional(),
    after: z.string().max(200).optional(),
  })
  .strict()
  .refine((q) => !(q.before && q.after), { message: 'give before or after, not both' });
export type ListMessagesQuery = z.infer<typeof listMessagesQuerySchema>;

export const messagePageSchema = z.object({
  items: z.array(messageSchema),
  /** Cursor for older messages (pass as `before`), null at the start of the branch. */
  nextCursor: z.string().nullable(),
  /** Cursor for newer messages (pass as `after`), null at the leaf. */
  prevCursor: z.string().nullable(),
});
export type MessagePage = z.infer<typeof messagePageSchema>;

/** What a non-streaming send, compare send, regenerate or edit answers with JSON. */
export const sentMessagesSchema = z.object({
  userMessage: messageSchema.nullable(),
  assistantMessages: z.array(messageSchema),
});
export type SentMessages = z.infer<typeof sentMessagesSchema>;
