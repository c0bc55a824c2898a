import type { AppError, Result } from '@mana/contracts';
import { err, ok } from '@mana/contracts';
import type { Completion, GenerationRequest, ProviderEvent } from './provider';
import { SseReplyDecoder } from './sse-reply-decoder';
import { connectionFailed, errorFromHttpResponse, streamCutShort, unreadableAnswer } from './upstream-errors';
import { UpstreamExchange, type UpstreamTimeouts } from './upstream-exchange';
import { completionFromBody, eventsFromCompletion } from './wire-completion';

export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
/** After `[DONE]` the body is usually over already; reading its end lets undici keep the connection. */
const DRAIN_AFTER_DONE_MS = 1_000;

export interface OpenAiWireOptions {
  /** e.g. `https://openrouter.ai/api/v1`; `/chat/completions` and `/models` are appended. */
  baseUrl: string;
  /** Who answers, as our error messages name it: "OpenRouter", "The local model server". */
  upstream: string;
  /** Sent on every request (authorization, attribution). */
  headers: Record<string, string>;
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  /** OpenRouter's `models` fallback list; other servers may reject the unknown field. */
  sendsFallbackModels?: boolean;
  /** `stream_options.include_usage`: OpenAI-style servers send usage only when asked (a no-op on OpenRouter). */
  asksForStreamUsage?: boolean;
}

/**
 * A client for the OpenAI chat-completions wire format over the global `fetch`, shared by the
 * OpenRouter and OpenAI-compatible providers. Upstream failures are values (events or `Result`s),
 * never exceptions.
 */
export class OpenAiWireClient {
  private readonly baseUrl: string;
  private readonly upstream: string;
  private readonly timeouts: UpstreamTimeouts;
  private readonly postHeaders: Record<string, string>;
  private readonly getHeaders: Record<string, string>;
  private readonly sendsFallbackModels: boolean;
  private readonly asksForStreamUsage: boolean;

  constructor(options: OpenAiWireOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.upstream = options.upstream;
    this.timeouts = {
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    };
    this.getHeaders = { accept: 'application/json', ...options.headers };
    this.postHeaders = { ...this.getHeaders, 'content-type': 'application/json' };
    this.sendsFallbackModels = options.sendsFallbackModels ?? false;
    this.asksForStreamUsage = options.asksForStreamUsage ?? false;
  }

  async *stream(request: GenerationRequest): AsyncGenerator<ProviderEvent, void, undefined> {
    const exchange = new UpstreamExchange(this.upstream, request.signal, this.timeouts);
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let finishedCleanly = false;
    try {
      let response: Response;
      try {
        response = await exchange.send(`${this.baseUrl}/chat/completions`, {
          method: 'POST',
          headers: { ...this.postHeaders, accept: 'text/event-stream' },
          body: this.requestBody(request, true),
        });
      } catch (cause) {
        yield { type: 'error', error: exchange.failureOf(cause, (c) => connectionFailed(this.upstream, c)) };
        return;
      }
      if (!response.ok || !mayBeEventStream(response) || response.body === null) {
        // Errors before the first token are plain JSON with the real status, even for `stream: true`
        // (PROTOCOL.md §3.6); and some local servers ignore `stream: true` and answer one JSON body.
        yield* await this.answerWithoutStream(exchange, response);
        return;
      }
      reader = response.body.getReader();
      const decoder = new SseReplyDecoder(this.upstream);
      const events = decoder.events;
      while (!decoder.ended) {
        try {
          const { done, value } = await exchange.read(reader);
          if (done) decoder.end();
          else decoder.feed(value);
        } catch (cause) {
          const error = exchange.failureOf(cause, (c) => streamCutShort(this.upstream, c));
          if (error.code === 'CANCELLED') decoder.fail(error);
          else decoder.interrupt(error);
        }
        for (let i = 0; i < events.length; i++) {
          const event = events[i];
          if (event.type === 'finish') finishedCleanly = true;
          yield event;
        }
        events.length = 0;
      }
    } finally {
      if (finishedCleanly && reader !== undefined) void this.drainThenClose(exchange, reader);
      else exchange.close(); // stopped, failed or dropped by the consumer: abort so the upstream stops too
    }
  }

  async complete(request: GenerationRequest): Promise<Result<Completion, AppError>> {
    const exchange = new UpstreamExchange(this.upstream, request.signal, this.timeouts);
    let answered = false;
    try {
      const response = await exchange.send(`${this.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: this.postHeaders,
        body: this.requestBody(request, false),
      });
      answered = true;
      const text = await exchange.readText(response);
      if (!response.ok) return err(errorFromHttpResponse(this.upstream, response.status, jsonOrNull(text), response.headers));
      return completionFromBody(this.upstream, text);
    } catch (cause) {
      return err(
        exchange.failureOf(cause, (c) => (answered ? streamCutShort(this.upstream, c) : connectionFailed(this.upstream, c))),
      );
    } finally {
      exchange.close();
    }
  }

  /** A JSON document such as `GET /models`. */
  async getJson(path: string, signal?: AbortSignal): Promise<Result<unknown, AppError>> {
    const exchange = new UpstreamExchange(this.upstream, signal, this.timeouts);
    let answered = false;
    try {
      const response = await exchange.send(`${this.baseUrl}${path}`, { method: 'GET', headers: this.getHeaders });
      answered = true;
      const text = await exchange.readText(response);
      const body = jsonOrNull(text);
      if (!response.ok) return err(errorFromHttpResponse(this.upstream, response.status, body, response.headers));
      if (body === null) return err(unreadableAnswer(this.upstream, `${path} is not JSON`));
      return ok(body);
    } catch (cause) {
      return err(
        exchange.failureOf(cause, (c) => (answered ? streamCutShort(this.upstream, c) : connectionFailed(this.upstream, c))),
      );
    } finally {
      exchange.close();
    }
  }

  private requestBody(request: GenerationRequest, stream: boolean): string {
    const body: Record<string, unknown> = {
      model: request.model,
      // Only role and content: callers may hand in richer message objects that must not leak upstream.
      messages: request.messages.map(({ role, content }) => ({ role, content })),
      stream,
    };
    if (stream && this.asksForStreamUsage) body.stream_options = { include_usage: true };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
    if (this.sendsFallbackModels && request.fallbackModels !== undefined && request.fallbackModels.length > 0) {
      // OpenRouter tries `models` in order; listing the primary first keeps `model` and `models` consistent.
      body.models = [...new Set([request.model, ...request.fallbackModels])];
    }
    if (request.user !== undefined) body.user = request.user;
    return JSON.stringify(body);
  }

  private async answerWithoutStream(exchange: UpstreamExchange, response: Response): Promise<ProviderEvent[]> {
    let text: string;
    try {
      text = await exchange.readText(response);
    } catch (cause) {
      return [{ type: 'error', error: exchange.failureOf(cause, (c) => streamCutShort(this.upstream, c)) }];
    }
    if (!response.ok) {
      return [{ type: 'error', error: errorFromHttpResponse(this.upstream, response.status, jsonOrNull(text), response.headers) }];
    }
    return eventsFromCompletion(completionFromBody(this.upstream, text));
  }

  private async drainThenClose(exchange: UpstreamExchange, reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    try {
      exchange.limitIdleTo(DRAIN_AFTER_DONE_MS);
      for (;;) {
        const { done } = await exchange.read(reader);
        if (done) break;
      }
    } catch {
      // The reply is already delivered; a broken trailer costs only the pooled connection.
    } finally {
      exchange.close();
    }
  }
}

/** A 2xx answer without a JSON content type is read as SSE: some local servers omit the header. */
function mayBeEventStream(response: Response): boolean {
  const type = response.headers.get('content-type');
  return type === null || !type.includes('json');
}

function jsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
