import type { IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';
import type { AppError, Result } from '@mana/contracts';
import { err, ok } from '@mana/contracts';
import type { Completion, GenerationRequest, ProviderEvent } from './provider';
import { SseReplyDecoder } from './sse-reply-decoder';
import { UpstreamConnections } from './upstream-connections';
import { connectionFailed, errorFromHttpResponse, streamCutShort, unreadableAnswer, type HeaderLookup } from './upstream-errors';
import { UpstreamExchange, type UpstreamTimeouts } from './upstream-exchange';
import { completionFromBody, eventsFromCompletion } from './wire-completion';

export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
/** After `[DONE]` the body is usually over already; reading its end keeps the connection for the next request. */
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
 * A client for the OpenAI chat-completions wire format over `node:http`/`node:https` with a pool of
 * kept-alive connections, shared by the OpenRouter and OpenAI-compatible providers. Upstream
 * failures are values (events or `Result`s), never exceptions.
 */
export class OpenAiWireClient {
  private readonly connections: UpstreamConnections;
  private readonly upstream: string;
  private readonly timeouts: UpstreamTimeouts;
  private readonly streamTarget: RequestOptions;
  private readonly completeTarget: RequestOptions;
  private readonly getHeaders: Record<string, string>;
  private readonly sendsFallbackModels: boolean;
  private readonly asksForStreamUsage: boolean;

  constructor(options: OpenAiWireOptions) {
    this.connections = new UpstreamConnections(options.baseUrl);
    this.upstream = options.upstream;
    this.timeouts = {
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    };
    // Replies come uncompressed: a compressed stream would be held back by the compressor.
    const postHeaders = { accept: 'application/json', 'accept-encoding': 'identity', ...options.headers, 'content-type': 'application/json' };
    this.streamTarget = this.connections.target('POST', '/chat/completions', { ...postHeaders, accept: 'text/event-stream' });
    this.completeTarget = this.connections.target('POST', '/chat/completions', postHeaders);
    // Catalogs are large JSON documents (OpenRouter's is about a megabyte): worth compressing.
    this.getHeaders = { accept: 'application/json', 'accept-encoding': 'gzip', ...options.headers };
    this.sendsFallbackModels = options.sendsFallbackModels ?? false;
    this.asksForStreamUsage = options.asksForStreamUsage ?? false;
  }

  async *stream(request: GenerationRequest): AsyncGenerator<ProviderEvent, void, undefined> {
    const exchange = new UpstreamExchange(this.upstream, request.signal, this.timeouts);
    let finishedCleanly = false;
    try {
      let response: IncomingMessage;
      try {
        response = await exchange.send(this.connections, this.streamTarget, this.requestBody(request, true));
      } catch (cause) {
        yield { type: 'error', error: exchange.failureOf(cause, (c) => connectionFailed(this.upstream, c)) };
        return;
      }
      if (!isOk(response) || !mayBeEventStream(response)) {
        // Errors before the first token are plain JSON with the real status, even for `stream: true`
        // (PROTOCOL.md §3.6); and some local servers ignore `stream: true` and answer one JSON body.
        yield* await this.answerWithoutStream(exchange, response);
        return;
      }
      const decoder = new SseReplyDecoder(this.upstream);
      const events = decoder.events;
      exchange.receive(decoder);
      for (;;) {
        if (events.length === 0) {
          if (decoder.ended) break;
          await exchange.nextPiece();
          continue;
        }
        // Pieces that arrive while the consumer handles an event are decoded into `events` at once.
        for (let i = 0; i < events.length; i++) {
          const event = events[i];
          if (event.type === 'finish') finishedCleanly = true;
          yield event;
        }
        events.length = 0;
      }
    } finally {
      // Finished: the rest of the body (usually only its end) is read in the background, so the
      // connection is reused. Stopped, failed or dropped by the consumer: the connection is closed,
      // so the upstream stops too.
      if (finishedCleanly) exchange.finish(DRAIN_AFTER_DONE_MS);
      else exchange.close();
    }
  }

  async complete(request: GenerationRequest): Promise<Result<Completion, AppError>> {
    const exchange = new UpstreamExchange(this.upstream, request.signal, this.timeouts);
    let answered = false;
    try {
      const response = await exchange.send(this.connections, this.completeTarget, this.requestBody(request, false));
      answered = true;
      const text = await exchange.readText();
      if (!isOk(response)) return err(errorFromHttpResponse(this.upstream, response.statusCode ?? 0, jsonOrNull(text), headerLookup(response.headers)));
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
      const response = await exchange.send(this.connections, this.connections.target('GET', path, this.getHeaders), null);
      answered = true;
      const text = await exchange.readText();
      const body = jsonOrNull(text);
      if (!isOk(response)) return err(errorFromHttpResponse(this.upstream, response.statusCode ?? 0, body, headerLookup(response.headers)));
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

  /** Closes the pooled connections (application shutdown). */
  close(): void {
    this.connections.close();
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

  private async answerWithoutStream(exchange: UpstreamExchange, response: IncomingMessage): Promise<ProviderEvent[]> {
    let text: string;
    try {
      text = await exchange.readText();
    } catch (cause) {
      return [{ type: 'error', error: exchange.failureOf(cause, (c) => streamCutShort(this.upstream, c)) }];
    }
    if (!isOk(response)) {
      const error = errorFromHttpResponse(this.upstream, response.statusCode ?? 0, jsonOrNull(text), headerLookup(response.headers));
      return [{ type: 'error', error }];
    }
    return eventsFromCompletion(completionFromBody(this.upstream, text));
  }
}

function isOk(response: IncomingMessage): boolean {
  const status = response.statusCode ?? 0;
  return status >= 200 && status < 300;
}

/** A 2xx answer without a JSON content type is read as SSE: some local servers omit the header. */
function mayBeEventStream(response: IncomingMessage): boolean {
  const type = response.headers['content-type'];
  return type === undefined || !type.includes('json');
}

/** The response headers as the error mapping reads them (only on failures, so built then). */
function headerLookup(headers: IncomingHttpHeaders): HeaderLookup {
  return {
    get(name) {
      const value = headers[name];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

function jsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
