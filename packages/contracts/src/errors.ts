import { z } from 'zod';

/**
 * Every failure the API reports carries one of these codes. Clients branch on the code, never on
 * the message, so a code is never renamed once published.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'INSUFFICIENT_CREDITS',
  /** The user's monthly spending limit (set by an admin) is used up; it resets on the 1st (UTC). */
  'SPEND_LIMIT_REACHED',
  'CONTENT_BLOCKED',
  'CONTEXT_TOO_LONG',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_ERROR',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_AUTH',
  'MODEL_UNAVAILABLE',
  'CANCELLED',
  'INTERRUPTED',
  'NOT_READY',
  'INTERNAL',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** HTTP status for each code; the server's global filter and the client agree through this table. */
export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INSUFFICIENT_CREDITS: 402,
  SPEND_LIMIT_REACHED: 402,
  CONTENT_BLOCKED: 403,
  CONTEXT_TOO_LONG: 400,
  UPSTREAM_UNAVAILABLE: 503,
  UPSTREAM_ERROR: 502,
  UPSTREAM_TIMEOUT: 504,
  UPSTREAM_AUTH: 502,
  MODEL_UNAVAILABLE: 400,
  CANCELLED: 499,
  INTERRUPTED: 503,
  NOT_READY: 503,
  INTERNAL: 500,
};

export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** The envelope of every non-2xx JSON answer. */
export const errorEnvelopeSchema = z.object({ error: errorBodySchema });
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** One serialisable error that crosses services, HTTP, streams and clients unchanged. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return HTTP_STATUS_BY_CODE[this.code];
  }

  toJSON(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromBody(body: ErrorBody): AppError {
    return new AppError(body.code, body.message, body.details);
  }
}

/** Go-style result: expected failures are values, not exceptions. */
export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E = AppError>(error: E): Result<never, E> => ({ ok: false, error });
export const fail = (code: ErrorCode, message: string, details?: unknown): Result<never, AppError> =>
  err(new AppError(code, message, details));
