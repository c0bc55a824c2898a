import { z } from 'zod';

export const documentVersionSchema = z.object({
  version: z.number().int(),
  content: z.string(),
  /** The reply that wrote it; null for a restore or a manual edit. */
  messageId: z.string().nullable(),
  createdAt: z.string(),
});
export type DocumentVersion = z.infer<typeof documentVersionSchema>;

export const documentVersionListSchema = z.object({
  items: z.array(documentVersionSchema.omit({ content: true }).extend({ length: z.number().int() })),
});

export const documentDiffQuerySchema = z
  .object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) })
  .strict();

export const documentDiffSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  /** Unified diff text. */
  patch: z.string(),
  /** Line-level changes for rendering. */
  changes: z.array(z.object({ kind: z.enum(['added', 'removed', 'same']), text: z.string() })),
});
export type DocumentDiff = z.infer<typeof documentDiffSchema>;

export const saveDocumentRequestSchema = z.object({ content: z.string().max(1_000_000) }).strict();
export const versionParamSchema = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1) }).strict();
