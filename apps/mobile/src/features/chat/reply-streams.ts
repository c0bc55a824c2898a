import { applyReplyEvent, emptyReply, type ManaClient, type ReplyState, type ReplyStreamEvent } from '@mana/client';
import { AppError, type MessageData, type SendMessageRequest } from '@mana/contracts';

/** A reply as this device follows it: the folded stream plus the state of the connection. */
export interface LiveReply extends ReplyState {
  messageId: string;
  conversationId: string;
  connection: 'open' | 'reconnecting' | 'closed';
}

type StreamSource = (signal: AbortSignal) => AsyncGenerator<ReplyStreamEvent>;

export interface ReplyStreamsOptions {
  client: () => ManaClient;
  /** The persisted user and assistant messages of a turn, as soon as the server announces them. */
  onMessages?: (conversationId: string, data: MessageData) => void;
  /** A reply reached a final status (complete, failed, cancelled). */
  onSettled?: (conversationId: string, messageId: string) => void;
  /** Whether the app is in the foreground; a background app waits for `resumeAll`. */
  isForeground?: () => boolean;
  retryDelaysMs?: readonly number[];
}

const DEFAULT_RETRY_DELAYS_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000] as const;

/** Errors after which attaching again cannot help. */
const isPermanent = (error: unknown) =>
  error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN');

/**
 * Follows every reply that is streaming on this device, independent of any screen. When a stream
 * is cut (network loss, the OS suspending the app) it re-attaches with `Last-Event-ID` = the last
 * sequence number it applied; `applyReplyEvent` drops anything replayed at or below it, so text is
 * never shown twice. A reply is only forgotten when the store is disposed (sign-out).
 */
export class ReplyStreams {
  private readonly replies = new Map<string, LiveReply>();
  private readonly connections = new Map<string, AbortController>();
  private readonly retryTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly attempts = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  /** Sends/regenerates/edits per conversation whose reply id is not known yet. */
  private readonly starting = new Map<string, number>();
  /** Replies announced elsewhere (`GET /events`) while a start in the same conversation was unnamed. */
  private readonly deferred = new Map<string, Set<string>>();
  private readonly retryDelaysMs: readonly number[];
  private disposed = false;

  constructor(private readonly options: ReplyStreamsOptions) {
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  get(messageId: string): LiveReply | undefined {
    return this.replies.get(messageId);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Sends a message; resolves with the persisted messages once the server announced them. */
  send(conversationId: string, input: SendMessageRequest): Promise<MessageData> {
    return this.start(conversationId, (signal) => this.options.client().streamMessage(conversationId, input, signal));
  }

  regenerate(conversationId: string, messageId: string, input: { modelId?: string } = {}): Promise<MessageData> {
    return this.start(conversationId, (signal) => this.options.client().streamRegenerate(messageId, input, signal));
  }

  edit(conversationId: string, messageId: string, input: { content: string; modelId?: string }): Promise<MessageData> {
    return this.start(conversationId, (signal) => this.options.client().streamEdit(messageId, input, signal));
  }

  /** Follows a reply this device did not start (found `pending`/`streaming` after a reload or on another device). */
  attach(conversationId: string, messageId: string): void {
    if (this.disposed) return;
    const known = this.replies.get(messageId);
    if (!known) {
      this.replies.set(messageId, { ...emptyReply(), messageId, conversationId, connection: 'reconnecting' });
      this.notify();
    } else if (known.status !== 'streaming' || this.connections.has(messageId)) {
      return;
    }
    this.resume(messageId);
  }

  /**
   * Follows a reply that another device may have started (`message.created` on `GET /events`). A
   * reply this device knows is left alone; while a send in the same conversation has not named its
   * reply yet, the decision waits for it, so a reply this device started is never attached twice.
   */
  follow(conversationId: string, messageId: string): void {
    if (this.disposed || this.replies.has(messageId)) return;
    if ((this.starting.get(conversationId) ?? 0) > 0) {
      const waiting = this.deferred.get(conversationId) ?? new Set<string>();
      waiting.add(messageId);
      this.deferred.set(conversationId, waiting);
      return;
    }
    this.attach(conversationId, messageId);
  }

  /** Whether this device follows (or followed) the reply. */
  knows(messageId: string): boolean {
    return this.replies.has(messageId);
  }

  /** Whether a send/regenerate/edit in the conversation is waiting for its reply's id. */
  isStarting(conversationId: string): boolean {
    return (this.starting.get(conversationId) ?? 0) > 0;
  }

  /**
   * Re-attaches every unfinished reply now (the app came back to the foreground or the network
   * returned). Open connections are replaced too: after a suspension they may be silently dead.
   */
  resumeAll(): void {
    for (const reply of this.replies.values()) {
      if (reply.status !== 'streaming') continue;
      this.connections.get(reply.messageId)?.abort();
      this.connections.delete(reply.messageId);
      this.clearRetry(reply.messageId);
      this.attempts.delete(reply.messageId);
      this.resume(reply.messageId);
    }
  }

  /** Asks the server to stop; the stream then delivers `abort` and ends by itself. */
  async stop(messageId: string): Promise<void> {
    const message = await this.options.client().stopMessage(messageId);
    const reply = this.replies.get(messageId);
    if (reply && reply.status === 'streaming' && !this.connections.has(messageId) && message.status === 'cancelled') {
      this.clearRetry(messageId);
      this.update(messageId, { ...reply, status: 'cancelled', connection: 'closed' });
      this.options.onSettled?.(reply.conversationId, messageId);
    }
  }

  hasUnfinished(): boolean {
    for (const reply of this.replies.values()) if (reply.status === 'streaming') return true;
    return false;
  }

  dispose(): void {
    this.disposed = true;
    for (const controller of this.connections.values()) controller.abort();
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    this.connections.clear();
    this.retryTimers.clear();
    this.listeners.clear();
    this.deferred.clear();
  }

  // ---- internals ---------------------------------------------------------------------------

  private start(conversationId: string, source: StreamSource): Promise<MessageData> {
    this.starting.set(conversationId, (this.starting.get(conversationId) ?? 0) + 1);
    let named = false;
    const onNamed = () => {
      if (named) return;
      named = true;
      this.startNamed(conversationId);
    };
    return new Promise<MessageData>((resolve, reject) => {
      let announced = false;
      this.consume(
        conversationId,
        null,
        source,
        (data) => {
          announced = true;
          resolve(data);
        },
        onNamed,
      )
        .then((messageId) => {
          if (!announced) {
            // A stream without `data-message` (an older server): the reply is followed all the same.
            reject(new AppError('INTERRUPTED', messageId ? 'The reply started without its messages' : 'The reply never started'));
          }
        })
        .catch((error: unknown) => {
          if (!announced) reject(error);
        })
        .finally(onNamed);
    });
  }

  /** A start learned its reply id (or failed): replies announced meanwhile that are not it get followed. */
  private startNamed(conversationId: string): void {
    const left = (this.starting.get(conversationId) ?? 1) - 1;
    if (left > 0) {
      this.starting.set(conversationId, left);
      return;
    }
    this.starting.delete(conversationId);
    const waiting = this.deferred.get(conversationId);
    this.deferred.delete(conversationId);
    for (const messageId of waiting ?? []) this.follow(conversationId, messageId);
  }

  /**
   * Reads one connection to its end. Returns the reply id it followed (null when the stream broke
   * before naming it); throws only when nothing is known that could be resumed.
   */
  private async consume(
    conversationId: string,
    knownMessageId: string | null,
    source: StreamSource,
    onAnnounced?: (data: MessageData) => void,
    onNamed?: () => void,
  ): Promise<string | null> {
    const controller = new AbortController();
    let messageId = knownMessageId;
    const early: ReplyStreamEvent[] = [];
    if (messageId) this.open(messageId, controller);

    let failure: unknown = null;
    try {
      for await (const event of source(controller.signal)) {
        if (this.disposed) break;
        const chunk = event.chunk;
        if (!messageId) {
          const id = chunk.type === 'start' ? chunk.messageId : chunk.type === 'data-message' ? chunk.data.assistantMessage.id : null;
          if (id) {
            messageId = id;
            if (!this.replies.has(id)) this.replies.set(id, { ...emptyReply(), messageId: id, conversationId, connection: 'open' });
            this.open(id, controller);
            onNamed?.();
          }
        }
        if (chunk.type === 'data-message') {
          this.options.onMessages?.(conversationId, chunk.data);
          onAnnounced?.(chunk.data);
        }
        if (!messageId) {
          early.push(event);
          continue;
        }
        for (const pending of early.splice(0)) this.apply(messageId, pending);
        this.apply(messageId, event);
      }
    } catch (error) {
      failure = error;
    } finally {
      if (messageId && this.connections.get(messageId) === controller) this.connections.delete(messageId);
    }

    if (!messageId) {
      if (failure) throw failure;
      return null;
    }
    // Aborted by us: a fresher connection replaced this one, or the store was disposed.
    if (controller.signal.aborted || this.disposed) return messageId;
    this.settleOrRetry(messageId, failure);
    return messageId;
  }

  private apply(messageId: string, event: ReplyStreamEvent): void {
    const reply = this.replies.get(messageId);
    if (!reply) return;
    const next = applyReplyEvent(reply, event);
    if (next === reply) return;
    this.attempts.delete(messageId);
    this.update(messageId, { ...next, messageId, conversationId: reply.conversationId, connection: 'open' });
  }

  private settleOrRetry(messageId: string, failure: unknown): void {
    const reply = this.replies.get(messageId);
    if (!reply) return;
    if (reply.status !== 'streaming') {
      this.attempts.delete(messageId);
      this.update(messageId, { ...reply, connection: 'closed' });
      this.options.onSettled?.(reply.conversationId, messageId);
      return;
    }
    if (isPermanent(failure)) {
      this.update(messageId, { ...reply, connection: 'closed' });
      this.options.onSettled?.(reply.conversationId, messageId);
      return;
    }
    this.scheduleRetry(messageId);
  }

  private scheduleRetry(messageId: string): void {
    const reply = this.replies.get(messageId);
    if (!reply || this.retryTimers.has(messageId) || this.disposed) return;
    const attempt = (this.attempts.get(messageId) ?? 0) + 1;
    this.attempts.set(messageId, attempt);
    const delay = this.retryDelaysMs[Math.min(attempt - 1, this.retryDelaysMs.length - 1)] ?? 1_000;
    this.update(messageId, { ...reply, connection: 'reconnecting' });
    this.retryTimers.set(
      messageId,
      setTimeout(() => {
        this.retryTimers.delete(messageId);
        this.resume(messageId);
      }, delay),
    );
  }

  private resume(messageId: string): void {
    const reply = this.replies.get(messageId);
    if (!reply || reply.status !== 'streaming' || this.connections.has(messageId) || this.disposed) return;
    // In the background the OS would cut the connection again; `resumeAll` runs on return.
    if (this.options.isForeground && !this.options.isForeground()) {
      this.update(messageId, { ...reply, connection: 'reconnecting' });
      return;
    }
    const lastSeq = reply.lastSeq >= 0 ? reply.lastSeq : undefined;
    void this.consume(reply.conversationId, messageId, (signal) => this.options.client().attachToReply(messageId, lastSeq, signal));
  }

  private open(messageId: string, controller: AbortController): void {
    this.connections.set(messageId, controller);
    this.clearRetry(messageId);
    const reply = this.replies.get(messageId);
    if (reply && reply.connection !== 'open') this.update(messageId, { ...reply, connection: 'open' });
  }

  private clearRetry(messageId: string): void {
    const timer = this.retryTimers.get(messageId);
    if (timer) clearTimeout(timer);
    this.retryTimers.delete(messageId);
  }

  private update(messageId: string, reply: LiveReply): void {
    this.replies.set(messageId, reply);
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
