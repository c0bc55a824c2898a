import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { AppError } from '@mana/contracts';
import type { UpstreamConnections } from './upstream-connections';
import { generationCancelled, streamCutShort, upstreamTimedOut } from './upstream-errors';

const gunzipped = promisify(gunzip);

export interface UpstreamTimeouts {
  /** Longest wait for the response headers. */
  connectTimeoutMs: number;
  /** Longest silence between two pieces of the body while we are waiting for it. */
  idleTimeoutMs: number;
}

/** Where the pieces of a response body go, as they arrive. */
export interface UpstreamBody {
  feed(bytes: Buffer): void;
  /** The body arrived whole. */
  end(): void;
  /** The body broke off: `error` says why (stopped, timed out, cut short). */
  broken(error: AppError): void;
}

/**
 * Bytes that may pile up while our consumer is busy before the response is paused, which stops
 * reading the socket and so pushes back on the upstream.
 */
const UNREAD_LIMIT = 64 * 1024;
const settled: Promise<void> = Promise.resolve();

/**
 * One HTTP request to an upstream, with the three ways it can be stopped: the caller's signal
 * (the user pressed stop), the upstream going silent, or the caller dropping the reply (`close`).
 * All three destroy the request, which closes its connection, so the upstream stops generating
 * (and billing, for providers that support it). A body read to its end leaves the connection in
 * the pool for the next request.
 *
 * The body is pushed: each network piece goes straight to an `UpstreamBody` from the socket's
 * `data` event, and the consumer awaits only when it has nothing left to handle (`nextPiece`).
 */
export class UpstreamExchange {
  private request: ClientRequest | undefined;
  private response: IncomingMessage | undefined;
  private body: UpstreamBody | undefined;
  /** Set once the body ended or broke; `brokenBy` holds why it broke. */
  private over = false;
  private brokenBy: unknown;
  private unread = 0;
  /** Resolves the consumer's `nextPiece`. */
  private wake: (() => void) | null = null;
  /** Settle `send` while the answer has not started. */
  private answer: ((response: IncomingMessage) => void) | null = null;
  private failSend: ((cause: unknown) => void) | null = null;

  private timer: NodeJS.Timeout | undefined;
  private timerMs = 0;
  /** Silence only counts while we wait for the upstream, not while our consumer is busy. */
  private waiting = false;
  private timedOut = false;
  private idleTimeoutMs: number;

  private readonly onCallerAbort = (): void => this.destroy();
  private readonly onSilence = (): void => {
    if (!this.waiting) return;
    this.timedOut = true;
    this.destroy();
  };
  private readonly onError = (cause: unknown): void => this.breakOff(cause);
  private readonly onResponse = (response: IncomingMessage): void => {
    const answer = this.answer;
    this.answer = null;
    this.failSend = null;
    this.waiting = false;
    this.response = response;
    response.on('error', this.onError);
    response.on('end', this.onEnd);
    response.on('close', this.onClose);
    answer?.(response);
  };
  private readonly onData = (bytes: Buffer): void => {
    this.body?.feed(bytes);
    if (this.wake !== null) {
      const wake = this.wake;
      this.wake = null;
      this.waiting = false;
      wake();
    } else if (this.waiting) {
      this.arm(this.idleTimeoutMs); // a whole-body read: every piece restarts the idle clock
    } else if ((this.unread += bytes.length) > UNREAD_LIMIT) {
      this.response?.pause();
    }
  };
  private readonly onEnd = (): void => {
    if (this.over) return;
    this.over = true;
    this.stopClock();
    this.body?.end();
    this.wakeUp();
  };
  private readonly onClose = (): void => {
    // Normally `error` or `end` came first; this covers a close that reported neither.
    if (!this.over) this.breakOff(new Error('the connection closed'));
  };

  constructor(
    private readonly upstream: string,
    private readonly callerSignal: AbortSignal | undefined,
    private readonly timeouts: UpstreamTimeouts,
  ) {
    this.idleTimeoutMs = timeouts.idleTimeoutMs;
    callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get cancelled(): boolean {
    return this.callerSignal?.aborted === true;
  }

  /** Sends the request; resolves with the response once its headers arrived (under the connect clock). */
  send(connections: UpstreamConnections, target: RequestOptions, body: string | null): Promise<IncomingMessage> {
    if (this.cancelled) return Promise.reject(generationCancelled());
    return new Promise((resolve, reject) => {
      let request: ClientRequest;
      try {
        request = connections.request(target);
      } catch (cause) {
        reject(cause); // e.g. an unsupported protocol in the base URL
        return;
      }
      this.request = request;
      this.answer = resolve;
      this.failSend = reject;
      // Never removed: an `error` without a listener would crash the process.
      request.on('error', this.onError);
      request.on('response', this.onResponse);
      this.arm(this.timeouts.connectTimeoutMs);
      this.waiting = true;
      request.end(body ?? undefined);
    });
  }

  /** Starts the flow of the body into `body`; failures before this moment are delivered at once. */
  receive(body: UpstreamBody): void {
    this.body = body;
    if (this.over) {
      if (this.brokenBy !== undefined) body.broken(this.bodyFailure(this.brokenBy));
      else body.end();
      return;
    }
    this.response?.on('data', this.onData);
  }

  /** Resolves when the next piece of the body arrived, or it ended or broke; the idle clock runs meanwhile. */
  nextPiece(): Promise<void> {
    if (this.over) return settled;
    this.unread = 0;
    this.arm(this.idleTimeoutMs);
    this.waiting = true;
    if (this.response?.isPaused() === true) this.response.resume();
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** A whole body as text (non-streaming answers, error bodies, catalogs), under the idle clock. */
  readText(): Promise<string> {
    return new Promise((resolve, reject) => {
      const pieces: Buffer[] = [];
      const gzipped = this.response?.headers['content-encoding'] === 'gzip';
      this.receive({
        feed: (bytes) => void pieces.push(bytes),
        end: () => {
          const bytes = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
          if (!gzipped) return resolve(bytes.toString('utf8'));
          gunzipped(bytes).then(
            (text) => resolve(text.toString('utf8')),
            (cause: unknown) => reject(this.bodyFailure(cause)),
          );
        },
        broken: reject,
      });
      if (this.over) return;
      this.arm(this.idleTimeoutMs);
      this.waiting = true;
    });
  }

  /**
   * Why a request or body read failed: the caller's stop, our idle clock, or else `otherwise(cause)`
   * (a refused connection before the answer, a reset during it).
   */
  failureOf(cause: unknown, otherwise: (cause: unknown) => AppError): AppError {
    if (this.cancelled) return generationCancelled();
    if (this.timedOut) return upstreamTimedOut(this.upstream, this.timerMs);
    if (cause instanceof AppError) return cause;
    return otherwise(cause);
  }

  /**
   * After a complete reply: lets the rest of the body (usually just the end of the chunked encoding)
   * arrive within `drainMs`, so the connection goes back to the pool; else drops it.
   */
  finish(drainMs: number): void {
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
    if (this.over) return;
    this.idleTimeoutMs = Math.min(this.idleTimeoutMs, drainMs);
    this.arm(this.idleTimeoutMs);
    this.waiting = true;
    if (this.response?.isPaused() === true) this.response.resume();
  }

  /** Releases the timer and the listener, and drops the connection unless the body was read to the end. */
  close(): void {
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
    this.stopClock();
    if (this.over) return;
    if (this.response?.complete === true) {
      // Every byte is here, only not handed to us yet: let it flow out so the connection is reused.
      this.response.removeListener('data', this.onData);
      this.response.resume();
      return;
    }
    this.destroy();
  }

  private destroy(): void {
    if (this.over) return;
    this.waiting = false;
    this.request?.destroy(); // its `error`/`close` events then end the body
    // A request still queued for a connection reports nothing until it gets one: fail `send` now.
    if (this.failSend !== null) this.breakOff(new Error('the request was stopped'));
  }

  private breakOff(cause: unknown): void {
    if (this.failSend !== null) {
      const fail = this.failSend;
      this.failSend = null;
      this.answer = null;
      this.stopClock();
      fail(cause);
      return;
    }
    if (this.over || this.response === undefined) return;
    this.over = true;
    this.brokenBy = cause;
    this.stopClock();
    this.body?.broken(this.bodyFailure(cause));
    this.wakeUp();
  }

  private bodyFailure(cause: unknown): AppError {
    const reset = cause instanceof Error && (cause as NodeJS.ErrnoException).code === 'ECONNRESET';
    return this.failureOf(cause, (c) => streamCutShort(this.upstream, reset ? 'the connection was reset' : c));
  }

  private wakeUp(): void {
    this.waiting = false;
    if (this.wake === null) return;
    const wake = this.wake;
    this.wake = null;
    wake();
  }

  private stopClock(): void {
    this.waiting = false;
    if (this.timer === undefined) return;
    clearTimeout(this.timer); // a cleared timer cannot be refreshed: `arm` makes a new one
    this.timer = undefined;
  }

  private arm(ms: number): void {
    // `refresh()` re-arms the same timer (even after it fired) without allocating a new one per read.
    if (this.timer !== undefined && this.timerMs === ms) {
      this.timer.refresh();
      return;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerMs = ms;
    this.timer = setTimeout(this.onSilence, ms);
    this.timer.unref();
  }
}
