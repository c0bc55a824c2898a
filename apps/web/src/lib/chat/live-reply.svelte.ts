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
 * One assistant reply as it streams in. Events are folded into a plain `ReplyState` at once (cheap)
 * but copied to the reactive fields at most once per animation frame, so a fast model sending
 * hundreds of deltas a second costs one render per frame, not one per delta.
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
  private listeners = new Set<(state: ReplyState) => void>();

  constructor(
    initial: Partial<ReplyState> = {},
    private readonly schedule: FrameScheduler = nextFrame,
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
    this.schedule(() => {
      if (!this.scheduled) return;
      this.flush();
    });
  }

  /** Copies the folded state to the reactive fields now (at the end of a stream). */
  flush() {
    this.scheduled = false;
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
