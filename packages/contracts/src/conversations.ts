import { z } from 'zod';
import { queryBoolean, uuidSchema } from './common.js';

export const MAX_SYSTEM_PROMPT = 20_000;
export const MAX_TITLE = 200;

export const conversationSchema = z.object({
  id: z.string(),
  title: z.string(),
  modelId: z.string(),
  systemPrompt: z.string().nullable(),
  spaceId: z.string().nullable(),
  templateId: z.string().nullable(),
  activeLeafId: z.string().nullable(),
  isPinned: z.boolean(),
  isArchived: z.boolean(),
  /** Document mode: replies revise a versioned document. */
  isDocument: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastMessageAt: z.string(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const createConversationRequestSchema = z
  .object({
    title: z.string().trim().min(1).max(MAX_TITLE).optional(),
    modelId: z.string().min(1).max(200).optional(),
    systemPrompt: z.string().max(MAX_SYSTEM_PROMPT).optional(),
    templateId: uuidSchema.optional(),
    spaceId: uuidSchema.optional(),
    isDocument: z.boolean().optional(),
  })
  .strict();
export type CreateConversationRequest = z.infer<typeof createConversationRequestSchema>;

export const updateConversationRequestSchema = z
  .object({
    title: z.string().trim().min(1).max(MAX_TITLE).optional(),
    modelId: z.string().min(1).max(200).optional(),
    systemPrompt: z.string().max(MAX_SYSTEM_PROMPT).nullable().optional(),
    isPinned: z.boolean().optional(),
    isArchived: z.boolean().optional(),
    isDocument: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'at least one field must be given' });
export type UpdateConversationRequest = z.infer<typeof updateConversationRequestSchema>;

export const listConversationsQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    archived: queryBoolean.default(false),
    spaceId: uuidSchema.optional(),
    q: z.string().trim().max(200).optional(),
  })
  .strict();
export type ListConversationsQuery = z.infer<typeof listConversationsQuerySchema>;

export const conversationPageSchema = z.object({
  items: z.array(conversationSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type ConversationPage = z.infer<typeof conversationPageSchema>;
