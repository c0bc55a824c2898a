import { readFixture, type CompletionFixture, type ErrorFixture, type StreamFixture } from './fixtures';
import { generatedStreamPieces, type GeneratedStream, type ReplyPiece } from './generated-stream';

/** How the bytes of an answer travel; applies to every kind of scenario. */
export interface Delivery {
  /** Wait before sending anything, headers included. */
  firstByteDelayMs?: number;
  /** Write the body in pieces of this many bytes; `'random'` picks 1–64 bytes each (seeded). */
  chunkBytes?: number | 'random';
  /** Pause between those pieces; default one event-loop turn. */
  chunkIntervalMs?: number;
  /** Seed for `chunkBytes: 'random'`; default 1. */
  seed?: number;
  /** Turn every LF of the body into CRLF. */
  crlf?: boolean;
  /** Pause after the last byte before ending the HTTP body (a late chunked-encoding trailer). */
  endDelayMs?: number;
  /** Destroy the socket after this many body bytes: a connection reset mid-answer. */
  disconnectAfterBytes?: number;
  /** Send headers and this many body bytes, then nothing more (the connection stays open). */
  stallAfterBytes?: number;
  /** Send nothing at all, not even headers. */
  stallBeforeHeaders?: boolean;
  /** Replace the status code of the answer. */
  status?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/**
 * What the fake answers to one `POST /chat/completions`:
 * - `fixture`: replay a file. `.sse` → 200 event stream; `completion*` → 200 JSON (the `.txt` one
 *   with whitespace padding); `error-*` → JSON with the status in its `error.code`, plus the
 *   `X-RateLimit-*` headers from `metadata.headers` (OpenRouter-originated 429).
 * - `stream`: a generated stream of N deltas at an interval.
 * - `error`: any pre-stream error envelope (404, 408, 500, 502, 524, 529, …).
 * - `raw`: exactly these bytes.
 */
export type Scenario = Delivery &
  (
    | { fixture: StreamFixture | CompletionFixture | ErrorFixture; retryAfterS?: number }
    | { stream: GeneratedStream }
    | { error: { status: number; message: string; metadata?: Record<string, unknown>; retryAfterS?: number } }
    | { raw: { status?: number; contentType?: string; body: string } }
  );

export interface ReplyPlan {
  status: number;
  headers: Record<string, string>;
  pieces: ReplyPiece[];
  /** The id reported in `X-Generation-Id` and known to `GET /generation`, when it is a generation. */
  generationId: string | null;
  streamed: boolean;
}

const FAKE_USER_ID = 'user_2fAkeUs3rId0000000000000';
const JSON_TYPE = 'application/json';

export function planReply(scenario: Scenario, newGenerationId: () => string): ReplyPlan {
  const plan = basePlan(scenario, newGenerationId);
  if (scenario.status !== undefined) plan.status = scenario.status;
  if (scenario.headers !== undefined) Object.assign(plan.headers, scenario.headers);
  if (plan.generationId !== null) plan.headers['x-generation-id'] = plan.generationId;
  return plan;
}

function basePlan(scenario: Scenario, newGenerationId: () => string): ReplyPlan {
  if ('stream' in scenario) {
    const generationId = newGenerationId();
    return {
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      pieces: generatedStreamPieces(scenario.stream, generationId),
      generationId,
      streamed: true,
    };
  }
  if ('error' in scenario) {
    const { status, message, metadata, retryAfterS } = scenario.error;
    const body = { error: metadata ? { code: status, message, metadata } : { code: status, message }, user_id: FAKE_USER_ID };
    const headers: Record<string, string> = { 'content-type': JSON_TYPE };
    if (retryAfterS !== undefined) headers['retry-after'] = String(retryAfterS);
    return { status, headers, pieces: [{ text: JSON.stringify(body), delayMs: 0 }], generationId: null, streamed: false };
  }
  if ('raw' in scenario) {
    const { status = 200, contentType = JSON_TYPE, body } = scenario.raw;
    return { status, headers: { 'content-type': contentType }, pieces: [{ text: body, delayMs: 0 }], generationId: null, streamed: false };
  }
  const text = readFixture(scenario.fixture);
  if (scenario.fixture.endsWith('.sse')) {
    return {
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      pieces: [{ text, delayMs: 0 }],
      generationId: generationIdIn(text) ?? newGenerationId(),
      streamed: true,
    };
  }
  if (scenario.fixture.startsWith('completion')) {
    return {
      status: 200,
      headers: { 'content-type': JSON_TYPE },
      pieces: [{ text, delayMs: 0 }],
      generationId: generationIdIn(text) ?? newGenerationId(),
      streamed: false,
    };
  }
  return errorFixturePlan(text, scenario.retryAfterS);
}

function errorFixturePlan(text: string, retryAfterS: number | undefined): ReplyPlan {
  const body = JSON.parse(text) as { error: { code: number; metadata?: { headers?: Record<string, string> } } };
  const headers: Record<string, string> = { 'content-type': JSON_TYPE };
  // An OpenRouter-originated 429 repeats its rate-limit headers inside the body (PROTOCOL.md §5.3).
  for (const [name, value] of Object.entries(body.error.metadata?.headers ?? {})) headers[name.toLowerCase()] = value;
  if (retryAfterS !== undefined) headers['retry-after'] = String(retryAfterS);
  return { status: body.error.code, headers, pieces: [{ text, delayMs: 0 }], generationId: null, streamed: false };
}

function generationIdIn(text: string): string | null {
  const start = text.indexOf('"gen-');
  if (start === -1) return null;
  return text.slice(start + 1, text.indexOf('"', start + 1));
}
