import { z } from 'zod';

export const DEFAULT_BACKEND_URL = 'http://127.0.0.1:3002';

/** A server address as people type it: http(s) only, no trailing slash, no `/api/v1` suffix. */
export const backendUrlSchema = z
  .string()
  .trim()
  .transform((value) => value.replace(/\/+$/, '').replace(/\/api\/v1$/, ''))
  .pipe(z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// address' }));

const envSchema = z.object({
  EXPO_PUBLIC_BACKEND_URL: backendUrlSchema.default(DEFAULT_BACKEND_URL),
});

/**
 * The build-time environment, checked once at start. Expo inlines `process.env.EXPO_PUBLIC_*` only
 * when it is spelled out like this, so the variables are listed one by one.
 */
function readEnv() {
  const parsed = envSchema.safeParse({
    EXPO_PUBLIC_BACKEND_URL: process.env.EXPO_PUBLIC_BACKEND_URL || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return parsed.data;
}

export const env = readEnv();
