import { AppError } from '@mana/contracts';
import type { ManaClient, ReplyState, ReplyStreamEvent } from '@mana/client';
import type { MessageData } from '@mana/contracts';
import { SvelteMap } from 'svelte/reactivity';
import { LiveReply } from './live-reply.svelte';
import { dropResumePoint, loadResumePoint, saveResumePoint } from './resume';

const CHECKPOINT_EVERY_MS = 400;
const RECONNECT_DELAYS_MS = [300, 1000, 2000, 4000, 8000];

export interface RunOptions {
  conversationId: string;
  /** The key the UI looks the reply up by (a temporary key until the server names the message). */
  key: string;
  /** The stream to read; for a reconnect the registry attaches by itself. */
  events: AsyncIterable<ReplyStreamEvent>;
  initial?: Partial<ReplyState>;
  /** The persisted user and assistant messages (first event of a send/regenerate/edit). */
  onMessages?: (data: MessageData) => void;
  /** The reply's final state, once it will not change any more. */
  onSettled?: (state: ReplyState) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every reply this tab is streaming, across conversations. A reply keeps streaming when its
 * conversation is not on screen; a dropped connection is re-attached with Last-Event-ID; a
 * checkpoint in localStorage lets a reloaded tab continue where it was.
 */
export class ReplyRegistry {
  private readonly byKey = new SvelteMap<string, LiveReply>();
  /** Reactive, so the sidebar can show which conversations are writing a reply right now. */
  private readonly running = new SvelteMap<LiveReply, { messageId: () => string | null; conversationId: string }>();

  private readonly reconnectDelaysMs: number[];

  constructor(
    private readonly client: () => ManaClient,
    options: { reconnectDelaysMs?: number[] } = {},
  ) {
    this.reconnectDelaysMs = options.reconnectDelaysMs ?? RECONNECT_DELAYS_MS;
    globalThis.addEventListener?.('pagehide', () => this.checkpointAll());
  }

  get(key: string): LiveReply | undefined {
    return this.byKey.get(key);
  }

  /** Streams a reply to its end; resolves with the final state, rejects only if nothing was ever received. */
  async run(options: RunOptions): Promise<ReplyState> {
    const reply = new LiveReply(options.initial);
    this.byKey.set(options.key, reply);
    let messageId: string | null = options.initial?.messageId ?? null;
    const nameMessage = (id: string) => {
      messageId = id;
      this.byKey.set(id, reply);
    };
    if (messageId) nameMessage(messageId);
    this.running.set(reply, { messageId: () => messageId, conversationId: options.conversationId });

    let lastCheckpoint = 0;
    const stopCheckpoints = reply.onFlush((state) => {
      if (!messageId || state.status !== 'streaming' || Date.now() - lastCheckpoint < CHECKPOINT_EVERY_MS) return;
      lastCheckpoint = Date.now();
      saveResumePoint(messageId, options.conversationId, state);
    });

    const read = async (events: AsyncIterable<ReplyStreamEvent>) => {
      for await (const event of events) {
        const chunk = event.chunk;
        if (chunk.type === 'start' && !messageId) nameMessage(chunk.messageId);
        if (chunk.type === 'data-message') {
          nameMessage(chunk.data.assistantMessage.id);
          options.onMessages?.(chunk.data);
        }
        reply.receive(event);
      }
    };

    try {
      try {
        await read(options.events);
      } catch (error) {
        // Nothing received at all: the request itself failed (validation, network, 5xx). The caller decides.
        if (!messageId) throw error;
      }
      for (let attempt = 0; reply.snapshot.status === 'streaming' && messageId; attempt++) {
        // The connection ended before the reply did: attach again and continue after the last event.
        if (attempt >= this.reconnectDelaysMs.length) {
          reply.fail({ code: 'UPSTREAM_UNAVAILABLE', message: 'Lost the connection to the reply' });
          break;
        }
        await sleep(this.reconnectDelaysMs[attempt]);
        try {
          await read(this.client().attachToReply(messageId, reply.snapshot.lastSeq));
          attempt = -1;
        } catch (error) {
          if (error instanceof AppError && error.status < 500 && error.code !== 'RATE_LIMITED') {
            reply.fail(error.toJSON());
            break;
          }
        }
      }
      reply.flush();
      this.running.delete(reply);
      if (messageId) dropResumePoint(messageId);
      options.onSettled?.(reply.snapshot);
      return reply.snapshot;
    } finally {
      stopCheckpoints();
      this.running.delete(reply);
    }
  }

  /** Attaches to a reply that is running on the server (after a reload or on another device). */
  attach(conversationId: string, messageId: string, options: Omit<RunOptions, 'events' | 'key' | 'conversationId' | 'initial'> = {}) {
    if (this.byKey.has(messageId)) return;
    const point = loadResumePoint(messageId);
    const initial: Partial<ReplyState> = point
      ? { messageId, lastSeq: point.lastSeq, text: point.text, reasoning: point.reasoning }
      : { messageId };
    const events = this.client().attachToReply(messageId, point ? point.lastSeq : undefined);
    return this.run({ ...options, conversationId, key: messageId, events, initial });
  }

  /** Forgets replies that are no longer running (their message now holds the final text). */
  release(...keys: string[]) {
    for (const key of keys) {
      const reply = this.byKey.get(key);
      if (reply && !this.running.has(reply)) this.byKey.delete(key);
    }
  }

  /** Whether any reply of the conversation is still streaming in this tab. */
  isRunning(conversationId: string): boolean {
    for (const run of this.running.values()) if (run.conversationId === conversationId) return true;
    return false;
  }

  private checkpointAll() {
    for (const [reply, run] of this.running) {
      const id = run.messageId();
      if (id && reply.snapshot.status === 'streaming') saveResumePoint(id, run.conversationId, reply.snapshot);
    }
  }
}
