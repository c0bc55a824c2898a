import { z } from 'zod';

const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const usageQuerySchema = z
  .object({ from: dateOnly.optional(), to: dateOnly.optional() })
  .strict();
export type UsageQuery = z.infer<typeof usageQuerySchema>;

const totals = {
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costUsd: z.number(),
  generations: z.number().int(),
};

export const usageSummarySchema = z.object({
  from: z.string(),
  to: z.string(),
  totals: z.object(totals),
  byModel: z.array(z.object({ modelId: z.string(), ...totals })),
  byDay: z.array(z.object({ day: z.string(), ...totals })),
});
export type UsageSummary = z.infer<typeof usageSummarySchema>;
