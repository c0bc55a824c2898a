import { z } from 'zod';
import { exportedConversationSchema } from './account.js';

/**
 * Our conversation export: every conversation with every branch (the same conversation shape as
 * the account export), so an import loses nothing.
 */
export const EXPORT_FORMAT = 'mana-chat-conversations';

export const exportedChatSchema = exportedConversationSchema.extend({ isDocument: z.boolean().default(false) });
export type ExportedChat = z.infer<typeof exportedChatSchema>;

export const conversationExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  conversations: z.array(exportedChatSchema),
});
export type ConversationExport = z.infer<typeof conversationExportSchema>;

export const exportQuerySchema = z.object({ format: z.enum(['json', 'md']).default('json') }).strict();

export const importResultSchema = z.object({
  imported: z.number().int(),
  source: z.enum(['mana-chat', 'chatgpt']),
  conversationIds: z.array(z.string()),
});
export type ImportResult = z.infer<typeof importResultSchema>;
