import { z } from 'zod';

export const healthSchema = z.object({ status: z.literal('ok'), version: z.string(), uptimeS: z.number() });
export type Health = z.infer<typeof healthSchema>;

export const readinessCheckSchema = z.object({ ok: z.boolean(), latencyMs: z.number().optional(), error: z.string().optional() });
export const readinessSchema = z.object({
  ready: z.boolean(),
  checks: z.record(z.string(), readinessCheckSchema),
});
export type Readiness = z.infer<typeof readinessSchema>;
