import { z } from 'zod';

export const shareSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  title: z.string(),
  /** Path of the public page in the web app. */
  url: z.string(),
  createdAt: z.string(),
});
export type Share = z.infer<typeof shareSchema>;

/** What anyone with the link sees: the branch as it was when shared, nothing else. */
export const sharedConversationSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  messages: z.array(
    z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string(), modelId: z.string().nullable(), createdAt: z.string() }),
  ),
});
export type SharedConversation = z.infer<typeof sharedConversationSchema>;

export const shareParamSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'is not a share id') }).strict();
