import { z } from 'zod';
import { conversationSchema } from './conversations.js';
import { messageStatusSchema } from './messages.js';

/**
 * `GET /events`: a per-user stream of changes so a second device shows a new chat or reply without
 * reloading. Each SSE event has `event: <type>` and `data: <json of the event>`.
 */
export const changeEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('conversation.created'), conversation: conversationSchema }),
  z.object({ type: z.literal('conversation.updated'), conversation: conversationSchema }),
  z.object({ type: z.literal('conversation.deleted'), conversationId: z.string() }),
  z.object({
    type: z.literal('message.created'),
    conversationId: z.string(),
    messageId: z.string(),
    role: z.enum(['system', 'user', 'assistant']),
    parentId: z.string().nullable(),
    status: messageStatusSchema,
  }),
  z.object({ type: z.literal('message.updated'), conversationId: z.string(), messageId: z.string(), status: messageStatusSchema }),
  z.object({ type: z.literal('message.completed'), conversationId: z.string(), messageId: z.string(), status: messageStatusSchema }),
]);
export type ChangeEvent = z.infer<typeof changeEventSchema>;
export type ChangeEventType = ChangeEvent['type'];
