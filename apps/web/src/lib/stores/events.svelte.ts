import { AppError, type ChangeEvent } from '@mana/contracts';
import type { ManaClient } from '@mana/client';

const RECONNECT_DELAYS_MS = [1000, 2000, 4000, 8000, 15_000, 30_000];

export type LiveStatus = 'off' | 'connecting' | 'live' | 'waiting';

export interface LiveEventsOptions {
  /** Every change event, in the order the server sent them. */
  onEvent: (event: ChangeEvent) => void;
  /** After a reconnect: events may have been missed while the connection was down, so reload what is shown. */
  onResync?: () => void;
  reconnectDelaysMs?: number[];
}

/**
 * The tab's one connection to `GET /events` (this user's changes from every device). It reconnects
 * with backoff when the connection ends or fails, at once when the browser comes back online, and
 * after every reconnect asks the app to reload what it shows. A 401 is refreshed by the client;
 * a session that cannot be refreshed ends (the layout then stops this).
 */
export class LiveEvents {
  status = $state<LiveStatus>('off');
  /** How many times a connection was (re)opened; tests and the UI use it to see a reconnect. */
  connections = $state(0);

  private controller: AbortController | null = null;
  private wakeUp: (() => void) | null = null;
  private readonly delays: number[];

  constructor(
    private readonly client: () => ManaClient,
    private readonly options: LiveEventsOptions,
  ) {
    this.delays = options.reconnectDelaysMs ?? RECONNECT_DELAYS_MS;
    globalThis.addEventListener?.('online', () => this.wake());
  }

  get running(): boolean {
    return this.controller !== null;
  }

  start() {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    void this.loop(controller.signal);
  }

  stop() {
    this.controller?.abort();
    this.controller = null;
    this.wake();
    this.status = 'off';
  }

  /** Skips the rest of a reconnect wait (the network is back). */
  wake() {
    const wake = this.wakeUp;
    this.wakeUp = null;
    wake?.();
  }

  private async loop(signal: AbortSignal) {
    let attempt = 0;
    let opened = 0;
    while (!signal.aborted) {
      this.status = 'connecting';
      try {
        for await (const event of this.client().followEvents(signal, () => {
          opened++;
          attempt = 0;
          this.connections++;
          this.status = 'live';
          if (opened > 1) this.options.onResync?.();
        })) {
          if (signal.aborted) break;
          this.dispatch(event);
        }
      } catch (error) {
        if (signal.aborted) break;
        // Signed out meanwhile (the refresh token was dead): nothing to reconnect for.
        if (error instanceof AppError && error.code === 'UNAUTHORIZED' && !this.client().isSignedIn) break;
      }
      if (signal.aborted) break;
      this.status = 'waiting';
      await this.sleep(this.delays[Math.min(attempt, this.delays.length - 1)], signal);
      attempt++;
    }
    if (this.controller?.signal === signal) this.controller = null;
    if (!this.controller) this.status = 'off';
  }

  private dispatch(event: ChangeEvent) {
    try {
      this.options.onEvent(event);
    } catch (error) {
      // One bad handler must not cut the connection for everything else.
      console.error('change event handler failed', error);
    }
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        if (this.wakeUp === done) this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.wakeUp = done;
    });
  }
}
