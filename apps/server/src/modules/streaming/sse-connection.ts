import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

/** Comment line that keeps idle proxies and browsers from closing a quiet stream. */
const PING = ': ping\n\n';
export const PING_INTERVAL_MS = 15_000;

const open = new Set<SseConnection>();
let pingTimer: NodeJS.Timeout | undefined;

/** One timer pings every open stream, instead of a timer per connection. */
function schedulePings() {
  if (pingTimer) return;
  pingTimer = setInterval(() => {
    for (const connection of open) connection.ping();
  }, PING_INTERVAL_MS);
  pingTimer.unref();
}

/**
 * A Server-Sent Events response on Fastify's raw socket: no compression, no proxy buffering, and
 * writes that respect backpressure (a false `write()` waits for `drain`).
 */
export class SseConnection {
  readonly res: ServerResponse;
  private closed = false;
  private onDrain: (() => void) | null = null;
  private readonly closeHandlers: (() => void)[] = [];

  constructor(reply: FastifyReply, extraHeaders: Record<string, string> = {}) {
    reply.hijack();
    this.res = reply.raw;
    const inherited: Record<string, string | number | string[]> = {};
    for (const [key, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) inherited[key] = value as string;
    }
    this.res.writeHead(200, {
      ...inherited,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...extraHeaders,
    });
    this.res.flushHeaders();
    this.res.socket?.setNoDelay(true);
    this.res.on('drain', () => {
      const resume = this.onDrain;
      this.onDrain = null;
      resume?.();
    });
    this.res.on('close', () => this.markClosed());
    open.add(this);
    schedulePings();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get isWaitingForDrain(): boolean {
    return this.onDrain !== null;
  }

  /** Writes; returns false when the socket is full, and `resume` runs once it drains. */
  write(data: string, resume: () => void): boolean {
    if (this.closed) return false;
    if (this.res.write(data)) return true;
    this.onDrain = resume;
    return false;
  }

  ping(): void {
    if (!this.closed && !this.onDrain) this.res.write(PING);
  }

  end(final?: string): void {
    if (this.closed) return;
    this.res.end(final);
    this.markClosed();
  }

  onClose(handler: () => void): void {
    if (this.closed) handler();
    else this.closeHandlers.push(handler);
  }

  private markClosed() {
    if (this.closed) return;
    this.closed = true;
    open.delete(this);
    for (const handler of this.closeHandlers.splice(0)) handler();
  }
}

export const openSseConnections = () => open.size;

/** At shutdown: ends every stream so the server can close; clients reconnect (with Last-Event-ID) elsewhere. */
export function closeAllSseConnections(): void {
  for (const connection of [...open]) connection.end();
}
