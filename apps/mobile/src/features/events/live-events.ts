import { errorFrom, readServerSentEvents, type ManaClient } from '@mana/client';
import { AppError, changeEventSchema, type ChangeEvent } from '@mana/contracts';

export type LiveEventsState = 'stopped' | 'connecting' | 'open' | 'waiting';

export interface LiveEventsOptions {
  client: () => ManaClient;
  onEvent: (event: ChangeEvent) => void;
  /** A connection opened after an earlier one ended: whatever happened in between was not heard. */
  onReconnected?: () => void;
  onState?: (state: LiveEventsState) => void;
  retryDelaysMs?: readonly number[];
}

const DEFAULT_RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000] as const;
/** A connection that lasted this long (or delivered an event) was healthy: the backoff starts over. */
const STABLE_AFTER_MS = 10_000;

/** A server without the route, or a session that cannot be refreshed: trying again will not help. */
const isPermanent = (error: unknown) => error instanceof AppError && (error.code === 'UNAUTHORIZED' || error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN');

/**
 * One `GET /events` connection (a per-user SSE stream of `event: <type>` + `data: <json>`), kept
 * open between `start()` and `stop()`: when it ends or breaks it reconnects with backoff. The app
 * starts it while signed in and in the foreground and stops it in the background.
 */
export class LiveEvents {
  private controller: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private running = false;
  private heardBefore = false;
  private current: LiveEventsState = 'stopped';
  private readonly retryDelaysMs: readonly number[];

  constructor(private readonly options: LiveEventsOptions) {
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  get state(): LiveEventsState {
    return this.current;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.clearTimer();
    this.controller?.abort();
    this.controller = null;
    this.setState('stopped');
  }

  /** The network is back: skip the rest of a backoff wait. */
  retryNow(): void {
    if (!this.running || this.current !== 'waiting') return;
    this.clearTimer();
    this.attempt = 0;
    void this.connect();
  }

  private async connect(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    this.setState('connecting');
    let failure: unknown = null;
    let healthy = false;
    let openedAt = 0;
    try {
      const response = await this.options.client().raw('GET', '/events', { headers: { accept: 'text/event-stream' }, signal: controller.signal });
      if (!response.ok) throw await errorFrom(response);
      if (!response.body) throw new AppError('INTERNAL', 'The server sent no event stream');
      if (controller.signal.aborted) return;
      this.setState('open');
      openedAt = Date.now();
      if (this.heardBefore) this.options.onReconnected?.();
      this.heardBefore = true;
      for await (const message of readServerSentEvents(response.body, controller.signal)) {
        if (controller.signal.aborted) break;
        const event = parse(message.data);
        if (!event) continue;
        healthy = true;
        try {
          this.options.onEvent(event);
        } catch {
          // One change the app could not fold in must not cost the connection; the next refetch fixes it.
        }
      }
    } catch (error) {
      failure = error;
    }
    if (controller.signal.aborted || this.controller !== controller) return;
    this.controller = null;
    if (!this.running) return;
    if (healthy || (openedAt > 0 && Date.now() - openedAt >= STABLE_AFTER_MS)) this.attempt = 0;
    if (isPermanent(failure)) {
      this.running = false;
      this.setState('stopped');
      return;
    }
    const delay = this.retryDelaysMs[Math.min(this.attempt, this.retryDelaysMs.length - 1)] ?? 5_000;
    this.attempt += 1;
    this.setState('waiting');
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running) void this.connect();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private setState(state: LiveEventsState): void {
    if (this.current === state) return;
    this.current = state;
    this.options.onState?.(state);
  }
}

/** One event's data; anything this app does not know (a newer server's types) is skipped. */
function parse(data: string): ChangeEvent | null {
  try {
    const parsed = changeEventSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
