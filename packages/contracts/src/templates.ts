import { z } from 'zod';

export const templateSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  systemPrompt: z.string(),
  initialQuestion: z.string().nullable(),
  modelId: z.string().nullable(),
  color: z.string().nullable(),
  isDefault: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Template = z.infer<typeof templateSchema>;

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a hex colour like #3b82f6');

export const createTemplateRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(500).nullable().optional(),
    systemPrompt: z.string().min(1).max(20_000),
    initialQuestion: z.string().max(10_000).nullable().optional(),
    modelId: z.string().min(1).max(200).nullable().optional(),
    color: color.nullable().optional(),
    isDefault: z.boolean().optional(),
  })
  .strict();
export type CreateTemplateRequest = z.infer<typeof createTemplateRequestSchema>;

export const updateTemplateRequestSchema = createTemplateRequestSchema
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'at least one field must be given' });
export type UpdateTemplateRequest = z.infer<typeof updateTemplateRequestSchema>;

export const templateListSchema = z.object({ items: z.array(templateSchema) });
