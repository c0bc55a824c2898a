import { z } from 'zod';
import { conversationSchema } from './conversations.js';

export const searchQuerySchema = z
  .object({
    q: z.string().trim().min(1, 'must not be empty').max(200),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const searchHitSchema = z.object({
  conversation: conversationSchema,
  /** Text around each hit, HTML-escaped, with the matched words inside <mark>…</mark>. */
  snippets: z.array(z.object({ messageId: z.string().nullable(), text: z.string() })),
});
export const searchResultSchema = z.object({ items: z.array(searchHitSchema) });
export type SearchResult = z.infer<typeof searchResultSchema>;
