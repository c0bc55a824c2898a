import { applyReplyEvent, emptyReply, type ReplyState, type ReplyStreamEvent } from '@mana/client';

type FrameScheduler = (run: () => void) => void;

/** Next animation frame; a timer where there are no frames (tests, hidden tabs still get one per 50 ms). */
export const nextFrame: FrameScheduler = (run) => {
  if (typeof requestAnimationFrame === 'function' && !globalThis.document?.hidden) {
    const timer = setTimeout(run, 100); // rAF stalls in a background tab; whichever comes first wins
    requestAnimationFrame(() => {
      clearTimeout(timer);
      run();
    });
  } else setTimeout(run, 16);
};

/**
 * The shortest time between two renders of a streaming reply. Each render re-parses and sanitizes
 * the growing last block and lays out and paints the message; about 30 a second reads as smooth as
 * 60 and halves that work, which on a busy machine is what keeps every task short.
 */
export const REPLY_RENDER_INTERVAL_MS = 32;

/**
 * One assistant reply as it streams in. Events are folded into a plain `ReplyState` at once (cheap)
 * but copied to the reactive fields in an animation frame at most every `minIntervalMs`, so a fast
 * model sending hundreds of deltas a second costs a render every other frame, not one per delta.
 */
export class LiveReply {
  text = $state.raw('');
  reasoning = $state.raw('');
  status = $state<ReplyState['status']>('streaming');
  error = $state.raw<ReplyState['error']>(null);
  usage = $state.raw<ReplyState['usage']>(null);
  /** The server id of the assistant message, once known. */
  messageId = $state<string | null>(null);
  /** True once any text or reasoning arrived (before that the UI shows "waiting"). */
  started = $state(false);

  private state: ReplyState;
  private scheduled = false;
  private lastFlush = -Infinity;
  private listeners = new Set<(state: ReplyState) => void>();

  constructor(
    initial: Partial<ReplyState> = {},
    private readonly schedule: FrameScheduler = nextFrame,
    private readonly minIntervalMs = REPLY_RENDER_INTERVAL_MS,
  ) {
    this.state = { ...emptyReply(), ...initial };
    this.copy();
  }

  /** The latest folded state (may be ahead of the reactive fields by up to one frame). */
  get snapshot(): ReplyState {
    return this.state;
  }

  receive(event: ReplyStreamEvent) {
    this.state = applyReplyEvent(this.state, event);
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      if (this.scheduled) this.flush();
    };
    const wait = this.lastFlush + this.minIntervalMs - performance.now();
    if (wait > 1) setTimeout(() => this.schedule(run), wait);
    else this.schedule(run);
  }

  /** Copies the folded state to the reactive fields now (at the end of a stream). */
  flush() {
    this.scheduled = false;
    this.lastFlush = performance.now();
    this.copy();
    for (const listener of this.listeners) listener(this.state);
  }

  /** Called after each flush (used to checkpoint the reply for resuming after a reload). */
  onFlush(listener: (state: ReplyState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fail(error: { code: string; message: string }) {
    this.state = { ...this.state, status: 'failed', error };
    this.flush();
  }

  private copy() {
    const s = this.state;
    if (this.text !== s.text) this.text = s.text;
    if (this.reasoning !== s.reasoning) this.reasoning = s.reasoning;
    if (this.status !== s.status) this.status = s.status;
    if (this.error !== s.error) this.error = s.error;
    if (this.usage !== s.usage) this.usage = s.usage;
    if (this.messageId !== s.messageId && s.messageId) this.messageId = s.messageId;
    if (!this.started && (s.text || s.reasoning)) this.started = true;
  }
}
