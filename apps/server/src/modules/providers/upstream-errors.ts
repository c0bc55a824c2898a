import { AppError, type ErrorCode } from '@mana/contracts';

/**
 * Turns what an OpenAI-compatible upstream (OpenRouter, Ollama, vLLM, …) says about a failure into
 * one of our error codes. Clients branch on our codes only, so every upstream dialect ends here.
 *
 * `upstream` names who failed in the messages we write ourselves ("OpenRouter", "The local model server").
 */

/** The `error` object of an OpenRouter/OpenAI error envelope, as far as we read it. */
interface UpstreamErrorPayload {
  code?: unknown;
  message?: unknown;
  type?: unknown;
  metadata?: {
    error_type?: unknown;
    provider_name?: unknown;
    headers?: Record<string, unknown>;
    reasons?: unknown;
  } | null;
}

/** Response headers by lowercase name: the `Headers` of `fetch`, or a view of `node:http`'s. */
export interface HeaderLookup {
  get(name: string): string | null;
}

/** Facts worth keeping in `AppError.details`: small, serialisable, no upstream secrets. */
export interface UpstreamErrorDetails {
  upstreamStatus?: number;
  upstreamCode?: string;
  providerName?: string;
  errorType?: string;
  retryAfterS?: number;
}

const GENERIC_MESSAGE: Partial<Record<ErrorCode, string>> = {
  VALIDATION: 'rejected the request as invalid.',
  MODEL_UNAVAILABLE: 'cannot serve this model right now.',
  CONTEXT_TOO_LONG: 'says the conversation is too long for this model.',
  UPSTREAM_AUTH: 'rejected the API key configured on the server.',
  INSUFFICIENT_CREDITS: 'says the account has too few credits for this request.',
  CONTENT_BLOCKED: 'blocked this request by its moderation rules.',
  RATE_LIMITED: 'is rate limiting requests; try again shortly.',
  UPSTREAM_TIMEOUT: 'did not answer in time.',
  UPSTREAM_UNAVAILABLE: 'is unavailable right now.',
  UPSTREAM_ERROR: 'returned an error.',
  PAYLOAD_TOO_LARGE: 'says the request is too large.',
};

/** An error answered with a non-2xx HTTP status before any streaming started. */
export function errorFromHttpResponse(upstream: string, status: number, body: unknown, headers: HeaderLookup): AppError {
  const payload = errorPayloadOf(body);
  const message = messageOf(payload);
  const code = codeForStatus(status, message, payload);
  const details = detailsOf(payload, status);
  if (code === 'RATE_LIMITED' || code === 'UPSTREAM_UNAVAILABLE') {
    const retryAfterS = retryAfterSeconds(headers, payload);
    if (retryAfterS !== undefined) details.retryAfterS = retryAfterS;
  }
  return build(upstream, code, message, details);
}

/**
 * An error that arrives inside a 200 answer: the top-level `error` of a stream chunk (mid-stream
 * failure) or of a non-streaming body whose status was committed by whitespace padding.
 * Its `code` is usually the HTTP-like status, sometimes a string such as `"server_error"`.
 */
export function errorFromPayload(upstream: string, rawPayload: unknown): AppError {
  const payload = (rawPayload && typeof rawPayload === 'object' ? rawPayload : {}) as UpstreamErrorPayload;
  const message = messageOf(payload);
  const status = statusOf(payload.code);
  let code: ErrorCode;
  if (status !== undefined) code = codeForStatus(status, message, payload);
  else {
    const named = typeof payload.code === 'string' ? codeForName(payload.code) : undefined;
    code = named ?? codeForName(errorTypeOf(payload)) ?? 'UPSTREAM_ERROR';
  }
  const details = detailsOf(payload, undefined);
  if (code === 'RATE_LIMITED') {
    const retryAfterS = retryAfterSeconds(undefined, payload);
    if (retryAfterS !== undefined) details.retryAfterS = retryAfterS;
  }
  return build(upstream, code, message, details);
}

/** A reply that stopped with `finish_reason: "error"` and no error object to explain it. */
export function modelStoppedWithError(upstream: string, nativeFinishReason: string | null): AppError {
  const why = nativeFinishReason && nativeFinishReason !== 'error' ? ` (${nativeFinishReason})` : '';
  return new AppError('UPSTREAM_ERROR', `${upstream}: the model stopped with an error${why}.`, {
    upstreamCode: nativeFinishReason ?? 'error',
  } satisfies UpstreamErrorDetails);
}

export const connectionFailed = (upstream: string, cause: unknown): AppError =>
  new AppError('UPSTREAM_UNAVAILABLE', `${upstream} could not be reached (${causeText(cause)}).`);

export const upstreamTimedOut = (upstream: string, afterMs: number): AppError =>
  new AppError('UPSTREAM_TIMEOUT', `${upstream} sent nothing for ${Math.round(afterMs / 1000)} s.`);

export const streamCutShort = (upstream: string, cause: unknown): AppError =>
  new AppError('UPSTREAM_ERROR', `${upstream} ended the reply before it was complete (${causeText(cause)}).`);

export const unreadableAnswer = (upstream: string, what: string): AppError =>
  new AppError('UPSTREAM_ERROR', `${upstream} sent an answer that could not be read: ${what}.`);

export const generationCancelled = (): AppError => new AppError('CANCELLED', 'The generation was stopped.');

function codeForStatus(status: number, message: string | undefined, payload: UpstreamErrorPayload): ErrorCode {
  const byName = codeForName(errorTypeOf(payload));
  if (byName === 'CONTEXT_TOO_LONG') return byName;
  switch (status) {
    case 400:
      if (message && /not a valid model id|no endpoints found|model .*(not found|does not exist)/i.test(message)) {
        return 'MODEL_UNAVAILABLE';
      }
      if (message && /context length|context window|too many tokens|maximum context/i.test(message)) {
        return 'CONTEXT_TOO_LONG';
      }
      return 'VALIDATION';
    case 401:
      return 'UPSTREAM_AUTH';
    case 402:
      return 'INSUFFICIENT_CREDITS';
    case 403:
      return 'CONTENT_BLOCKED';
    // OpenRouter answers routing failures ("No endpoints found…", "No allowed providers…") with 404.
    case 404:
      return 'MODEL_UNAVAILABLE';
    case 408:
    case 504:
    case 524:
      return 'UPSTREAM_TIMEOUT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 422:
      return 'VALIDATION';
    case 429:
      return 'RATE_LIMITED';
    case 503:
    case 529:
      return 'UPSTREAM_UNAVAILABLE';
    default:
      return 'UPSTREAM_ERROR';
  }
}

/** Typed names: OpenRouter's `metadata.error_type`, OpenAI-style string codes. */
function codeForName(name: string | undefined): ErrorCode | undefined {
  switch (name) {
    case 'context_length_exceeded':
      return 'CONTEXT_TOO_LONG';
    case 'rate_limit_exceeded':
    case 'rate_limit':
      return 'RATE_LIMITED';
    case 'timeout':
      return 'UPSTREAM_TIMEOUT';
    case 'provider_overloaded':
    case 'provider_unavailable':
      return 'UPSTREAM_UNAVAILABLE';
    case 'insufficient_quota':
      return 'INSUFFICIENT_CREDITS';
    case 'invalid_api_key':
      return 'UPSTREAM_AUTH';
    case 'content_filter':
    case 'moderation':
      return 'CONTENT_BLOCKED';
    default:
      return undefined;
  }
}

function build(upstream: string, code: ErrorCode, message: string | undefined, details: UpstreamErrorDetails): AppError {
  // Our own wording for the key problem: the end user cannot fix it, and "User not found." misleads.
  const text =
    code === 'UPSTREAM_AUTH' || !message ? `${upstream} ${GENERIC_MESSAGE[code] ?? 'returned an error.'}` : message;
  return new AppError(code, text, Object.keys(details).length > 0 ? details : undefined);
}

function errorPayloadOf(body: unknown): UpstreamErrorPayload {
  if (!body || typeof body !== 'object') return {};
  const error = (body as { error?: unknown }).error;
  if (error && typeof error === 'object') return error as UpstreamErrorPayload;
  // Some OpenAI-compatible servers answer `{"error": "text"}` or `{"detail": "..."}`.
  if (typeof error === 'string') return { message: error };
  const detail = (body as { detail?: unknown }).detail;
  if (typeof detail === 'string') return { message: detail };
  return {};
}

function messageOf(payload: UpstreamErrorPayload): string | undefined {
  return typeof payload.message === 'string' && payload.message.trim() !== '' ? payload.message : undefined;
}

function statusOf(code: unknown): number | undefined {
  if (typeof code === 'number' && Number.isInteger(code) && code >= 400 && code < 600) return code;
  if (typeof code === 'string' && /^[45]\d\d$/.test(code)) return Number(code);
  return undefined;
}

function errorTypeOf(payload: UpstreamErrorPayload): string | undefined {
  const type = payload.metadata?.error_type ?? payload.type;
  return typeof type === 'string' ? type : undefined;
}

function detailsOf(payload: UpstreamErrorPayload, status: number | undefined): UpstreamErrorDetails {
  const details: UpstreamErrorDetails = {};
  const upstreamStatus = status ?? statusOf(payload.code);
  if (upstreamStatus !== undefined) details.upstreamStatus = upstreamStatus;
  if (typeof payload.code === 'string' && upstreamStatus === undefined) details.upstreamCode = payload.code;
  const providerName = payload.metadata?.provider_name;
  if (typeof providerName === 'string') details.providerName = providerName;
  const errorType = errorTypeOf(payload);
  if (errorType !== undefined) details.errorType = errorType;
  return details;
}

/**
 * Seconds until a retry makes sense: `Retry-After` (seconds or an HTTP date) first, else
 * `X-RateLimit-Reset` (epoch milliseconds), from the real headers or their copy in `metadata.headers`.
 */
export function retryAfterSeconds(headers: HeaderLookup | undefined, payload: UpstreamErrorPayload, now = Date.now()): number | undefined {
  const copied = payload.metadata?.headers ?? {};
  const retryAfter = headers?.get('retry-after') ?? stringOf(copied['Retry-After'] ?? copied['retry-after']);
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, Math.ceil((at - now) / 1000));
  }
  const reset = headers?.get('x-ratelimit-reset') ?? stringOf(copied['X-RateLimit-Reset'] ?? copied['x-ratelimit-reset']);
  if (reset) {
    const resetAt = Number(reset);
    // Epoch milliseconds per OpenRouter; a small number would be seconds-from-now in other dialects.
    if (Number.isFinite(resetAt) && resetAt > 1e12) return Math.max(0, Math.ceil((resetAt - now) / 1000));
    if (Number.isFinite(resetAt) && resetAt >= 0 && resetAt < 1e7) return Math.ceil(resetAt);
  }
  return undefined;
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function causeText(cause: unknown): string {
  if (cause instanceof AppError) return cause.message;
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    const innerText = inner instanceof Error ? (inner as { code?: string }).code ?? inner.message : undefined;
    return innerText ? `${cause.message}: ${innerText}` : cause.message;
  }
  return String(cause);
}
