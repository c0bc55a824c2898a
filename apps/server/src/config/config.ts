import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// Environment variables arrive as strings; an empty one counts as unset.
const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const optionalUrl = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.url({ message: 'must be a URL such as http://127.0.0.1:8080' }).optional(),
);
const int = (fallback: number, min: number, max: number) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? fallback : v),
    z.coerce
      .number({ message: 'must be a whole number' })
      .int({ message: 'must be a whole number' })
      .min(min, { message: `must be at least ${min}` })
      .max(max, { message: `must be at most ${max}` }),
  );
const list = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : []),
  z.array(z.string()),
);

const envSchema = z
  .object({
    NODE_ENV: optionalText,
    PORT: int(3002, 0, 65535),
    HOST: z.preprocess((v) => (v === '' || v === undefined ? '127.0.0.1' : v), z.string()),
    DATA_DIR: z.preprocess((v) => (v === '' || v === undefined ? './.data' : v), z.string()),
    DATABASE_URL: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' })
        .optional(),
    ),
    REDIS_URL: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().regex(/^rediss?:\/\//, { message: 'must start with redis:// or rediss://' }).optional(),
    ),
    OPENROUTER_API_KEY: optionalText,
    OPENROUTER_BASE_URL: z.preprocess(
      (v) => (v === '' || v === undefined ? 'https://openrouter.ai/api/v1' : v),
      z.url({ message: 'must be a URL' }),
    ),
    OPENAI_COMPATIBLE_BASE_URL: optionalUrl,
    OPENAI_COMPATIBLE_API_KEY: optionalText,
    AUTH_JWKS_URL: optionalUrl,
    AUTH_ISSUER: optionalText,
    APP_URL: z.preprocess(
      (v) => (v === '' || v === undefined ? 'http://127.0.0.1:3002' : v),
      z.url({ message: 'must be a URL' }),
    ),
    CORS_ORIGINS: list,
    /** Accounts allowed to run the instance; when unset, the first account created. */
    ADMIN_EMAILS: list,
    /** The model new conversations use; by default the offline model, or gpt-4o-mini with an OpenRouter key. */
    DEFAULT_MODEL_ID: optionalText,
    LOG_LEVEL: z.preprocess((v) => (v === '' || v === undefined ? 'info' : v), z.enum(LOG_LEVELS)),
    /** Where the built web app lives; served at `/` when it exists. */
    WEB_DIST_DIR: optionalText,
    ACCESS_TOKEN_TTL_S: int(900, 30, 86_400),
    REFRESH_TOKEN_TTL_DAYS: int(30, 1, 365),
    /** How long running generations may finish after SIGTERM. */
    SHUTDOWN_GRACE_MS: int(10_000, 0, 600_000),
    /** Per-word delay of the offline model, so its reply visibly streams. */
    ECHO_DELAY_MS: int(15, 0, 5_000),
    /** Longest wait for a model provider's response headers (connection, queueing, the first byte of the answer). */
    UPSTREAM_CONNECT_TIMEOUT_MS: int(30_000, 100, 600_000),
    /** Longest silence from a model provider while its answer streams. */
    UPSTREAM_IDLE_TIMEOUT_MS: int(60_000, 100, 600_000),
    /** Retries (with backoff) of a rate limit or server error that comes before the first token. */
    UPSTREAM_RETRIES: int(2, 0, 10),
    /** OpenRouter models to fall back to, in order, when the chosen one fails (its `models` list). */
    OPENROUTER_FALLBACK_MODELS: list,
    MODEL_SYNC_INTERVAL_MS: int(3_600_000, 10_000, 86_400_000),
    /** Brute-force limits: sign-in attempts per IP per 5 min and per account per 15 min; sign-ups per IP per hour. */
    LOGIN_LIMIT_PER_IP: int(30, 1, 1_000_000),
    LOGIN_LIMIT_PER_ACCOUNT: int(10, 1, 1_000_000),
    REGISTER_LIMIT_PER_IP: int(20, 1, 1_000_000),
    /** Abuse limits per user: messages (and OpenAI-compatible requests) a minute, replies being written at once. */
    MESSAGE_LIMIT_PER_MINUTE: int(30, 1, 1_000_000),
    MAX_CONCURRENT_GENERATIONS: int(4, 1, 10_000),
    /** Where password-reset emails go out: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. Unset: the link is logged. */
    SMTP_URL: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().regex(/^smtps?:\/\/[^/]+/, { message: 'must look like smtp://user:pass@host:587 or smtps://host:465' }).optional(),
    ),
    MAIL_FROM: z.preprocess((v) => (v === '' || v === undefined ? 'Mana Chat <no-reply@localhost>' : v), z.string().min(3)),
    /** Password-reset requests per IP and per email address, each per hour. */
    FORGOT_PASSWORD_LIMIT_PER_IP: int(20, 1, 1_000_000),
    FORGOT_PASSWORD_LIMIT_PER_EMAIL: int(5, 1, 1_000_000),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.AUTH_JWKS_URL) !== Boolean(env.AUTH_ISSUER)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.AUTH_JWKS_URL ? 'AUTH_ISSUER' : 'AUTH_JWKS_URL'],
        message: 'AUTH_JWKS_URL and AUTH_ISSUER must be set together',
      });
    }
  });

export type AppConfig = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once at start; a bad value stops the server with the variable's name. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`));
  }
  return parsed.data;
}

/** Nest injection token for the parsed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
