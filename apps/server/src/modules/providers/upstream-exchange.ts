import { AppError } from '@mana/contracts';
import { generationCancelled, upstreamTimedOut } from './upstream-errors';

export interface UpstreamTimeouts {
  /** Longest wait for the response headers. */
  connectTimeoutMs: number;
  /** Longest silence between two pieces of the body while we are waiting for it. */
  idleTimeoutMs: number;
}

/**
 * One HTTP request to an upstream, with the three ways it can be stopped: the caller's signal
 * (the user pressed stop), the upstream going silent, or the caller dropping the reply (`close`).
 * All three abort the fetch, which makes undici close the connection, so the upstream stops
 * generating (and billing, for providers that support it).
 */
export class UpstreamExchange {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private timerMs = 0;
  /** Silence only counts while we wait for the upstream, not while our consumer is busy. */
  private waiting = false;
  private timedOut = false;
  private readonly onCallerAbort = (): void => this.controller.abort();
  private readonly onSilence = (): void => {
    if (!this.waiting) return;
    this.timedOut = true;
    this.controller.abort();
  };

  private idleTimeoutMs: number;

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

  async send(url: string, init: RequestInit): Promise<Response> {
    if (this.cancelled) throw generationCancelled();
    this.arm(this.timeouts.connectTimeoutMs);
    this.waiting = true;
    try {
      return await fetch(url, { ...init, signal: this.controller.signal });
    } finally {
      this.waiting = false;
    }
  }

  /** One read of the body; the idle clock runs only during the read. */
  async read(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<ReadableStreamReadResult<Uint8Array>> {
    this.arm(this.idleTimeoutMs);
    this.waiting = true;
    try {
      return await reader.read();
    } finally {
      this.waiting = false;
    }
  }

  /** A whole body as text (non-streaming answers, error bodies, catalogs), under the idle clock. */
  async readText(response: Response): Promise<string> {
    const body = response.body;
    if (body === null) return '';
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { done, value } = await this.read(reader);
      if (done) return text + decoder.decode();
      text += decoder.decode(value, { stream: true });
    }
  }

  /**
   * Why a fetch or body read threw: the caller's stop, our idle clock, or else `otherwise(cause)`
   * (a refused connection before the answer, a reset during it).
   */
  failureOf(cause: unknown, otherwise: (cause: unknown) => AppError): AppError {
    if (this.cancelled) return generationCancelled();
    if (this.timedOut) return upstreamTimedOut(this.upstream, this.timerMs);
    if (cause instanceof AppError) return cause;
    return otherwise(cause);
  }

  /** Shortens the idle clock, e.g. while reading the trailer of a reply that is already complete. */
  limitIdleTo(ms: number): void {
    this.idleTimeoutMs = Math.min(this.idleTimeoutMs, ms);
  }

  /** Releases the timer and the listener, and drops the connection if the body was not read to the end. */
  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
    this.controller.abort();
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

