import { AppError, type ErrorBody, type Message, REASONING_PART_ID, TEXT_PART_ID } from '@mana/contracts';
import type { Logger } from '../../common/logger';
import type { EventBus } from '../events/event-bus';
import type { MessageRow, MessagesRepository, ReplyFields } from '../messages/messages.repository';
import { estimateTokens } from '../messages/prompt';
import type { ChatProvider, PromptMessage } from '../providers/provider';
import type { ReplyLog } from './reply-log';

/** Partial text reaches the database at least this often while a reply streams. */
export const CHECKPOINT_INTERVAL_MS = 2_000;
/** A quiet reply still touches its row this often, so sweepers know its process is alive. */
export const HEARTBEAT_INTERVAL_MS = 10_000;
/** Upstream failures worth another try when no token has arrived yet. */
const RETRYABLE = new Set(['RATE_LIMITED', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_ERROR', 'UPSTREAM_TIMEOUT']);
const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 4_000;

export interface GenerationInput {
  reply: MessageRow;
  userMessage: Message | null;
  replyMessage: Message;
  userId: string;
  /** Who hears about this reply's progress: the conversation's creator and, in a space, its members. */
  audience: { userId: string; spaceId: string | null };
  provider: ChatProvider;
  upstreamModel: string;
  prompt: PromptMessage[] | null;
  /** USD per 1M tokens, for when the upstream reports no cost. */
  pricing: { input: number; output: number };
  fallbackModels?: string[];
}

export interface GenerationDeps {
  repository: MessagesRepository;
  logger: Logger;
  events: EventBus;
  /** How often to retry a failure before the first token (UPSTREAM_RETRIES). */
  retries: number;
}

/**
 * One reply being written: reads the provider's stream into the reply's log, checkpoints the text,
 * and stores the final state before telling readers it is finished. It runs on its own, whoever
 * is reading: a client that leaves does not stop it; only `stop()` does.
 */
export class GenerationJob {
  readonly abort = new AbortController();
  readonly finished: Promise<MessageRow>;
  private text = '';
  private reasoning = '';
  private dirty = false;
  private lastWriteAt = Date.now();
  private writes: Promise<unknown> = Promise.resolve();
  private interrupted = false;
  private ttftMs: number | null = null;
  private textOpen = false;
  private reasoningOpen = false;
  private usage: { promptTokens: number; completionTokens: number; costUsd: number | null } | null = null;

  constructor(
    private readonly input: GenerationInput,
    private readonly log: ReplyLog,
    private readonly deps: GenerationDeps,
  ) {
    this.finished = this.run();
  }

  get messageId(): string {
    return this.input.reply.id;
  }

  /** The user stopped it: partial text kept, status `cancelled`. */
  stop(): void {
    this.abort.abort();
  }

  /** The server is going away: partial text kept, status `failed` with INTERRUPTED, so clients can retry. */
  interrupt(): void {
    this.interrupted = true;
    this.abort.abort();
  }

  private async run(): Promise<MessageRow> {
    const { input, log } = this;
    log.append({ type: 'start', messageId: input.reply.id });
    log.append({ type: 'data-message', data: { userMessage: input.userMessage, assistantMessage: input.replyMessage } });

    const startedAt = performance.now();
    let error: ErrorBody | null = null;

    const checkpoints = setInterval(() => this.checkpoint(), CHECKPOINT_INTERVAL_MS);
    try {
      if (!input.prompt) {
        error = new AppError('CONTEXT_TOO_LONG', "The message is longer than this model's context window").toJSON();
      } else {
        for (let attempt = 0; ; attempt++) {
          error = await this.relayAttempt(input.prompt, startedAt);
          // Before the first token nothing was shown, so a passing upstream failure is retried.
          if (!error || this.ttftMs !== null || attempt >= this.deps.retries || !RETRYABLE.has(error.code)) break;
          if (!(await this.backoff(attempt, error))) break;
        }
      }
    } catch (thrown) {
      // Providers report failures as events; anything thrown is a bug, kept from killing the process.
      this.deps.logger.error({ err: thrown, messageId: input.reply.id }, 'generation crashed');
      error = new AppError('INTERNAL', 'The reply could not be completed').toJSON();
    } finally {
      clearInterval(checkpoints);
    }

    if (this.reasoningOpen) log.append({ type: 'reasoning-end', id: REASONING_PART_ID });
    if (this.textOpen) log.append({ type: 'text-end', id: TEXT_PART_ID });

    const { usage, ttftMs } = this;
    if (this.interrupted) error = new AppError('INTERRUPTED', 'The server restarted while this reply was being written; the text so far is kept.').toJSON();
    const cancelled = !this.interrupted && (error?.code === 'CANCELLED' || this.abort.signal.aborted);
    const status = cancelled ? 'cancelled' : error ? 'failed' : 'complete';
    const promptTokens = usage?.promptTokens ?? (input.prompt ? input.prompt.reduce((n, m) => n + estimateTokens(m.content), 0) : 0);
    const completionTokens = usage?.completionTokens ?? (this.text || this.reasoning ? estimateTokens(this.text + this.reasoning) : 0);
    const costUsd =
      usage?.costUsd ?? (promptTokens * input.pricing.input + completionTokens * input.pricing.output) / 1_000_000;
    const durationMs = Math.round(performance.now() - startedAt);
    const fields: ReplyFields = {
      content: this.text,
      reasoning: this.reasoning || null,
      status,
      error: cancelled ? null : error,
      promptTokens,
      completionTokens,
      costUsd,
      ttftMs,
      durationMs,
    };

    const generated = Boolean(input.prompt) && (usage !== null || this.text.length > 0 || this.reasoning.length > 0);
    const stored = await this.persistFinal(fields, generated ? { promptTokens, completionTokens, costUsd } : null);

    log.append({
      type: 'data-usage',
      data: { modelId: input.reply.modelId, promptTokens, completionTokens, costUsd, ttftMs, durationMs },
    });
    if (!stored) {
      // The database stayed away: say so rather than claim a reply that is not saved. What was
      // checkpointed stays, and the orphan sweep marks the reply failed once the database is back.
      const unsaved = new AppError('NOT_READY', 'The reply could not be saved because the database is unavailable').toJSON();
      log.append({ type: 'data-error', data: unsaved });
      log.append({ type: 'error', errorText: unsaved.message });
      return { ...input.reply, ...fields, status: 'failed', error: unsaved, updatedAt: new Date() } as MessageRow;
    }
    if (cancelled) {
      log.append({ type: 'abort' });
    } else if (error) {
      log.append({ type: 'data-error', data: error });
      log.append({ type: 'error', errorText: error.message });
    } else {
      log.append({ type: 'finish' });
    }
    return stored;
  }

  /** One request to the provider, its events relayed into the log; the failure it ended with, if any. */
  private async relayAttempt(prompt: PromptMessage[], startedAt: number): Promise<ErrorBody | null> {
    let error: ErrorBody | null = null;
    const stream = this.input.provider.stream({
      model: this.input.upstreamModel,
      messages: prompt,
      signal: this.abort.signal,
      fallbackModels: this.input.fallbackModels,
      user: this.input.userId,
    });
    for await (const event of stream) {
      switch (event.type) {
        case 'text':
          if (this.ttftMs === null) this.ttftMs = this.firstToken(startedAt);
          if (this.reasoningOpen) {
            this.log.append({ type: 'reasoning-end', id: REASONING_PART_ID });
            this.reasoningOpen = false;
          }
          if (!this.textOpen) {
            this.log.append({ type: 'text-start', id: TEXT_PART_ID });
            this.textOpen = true;
          }
          this.text += event.delta;
          this.dirty = true;
          this.log.append({ type: 'text-delta', id: TEXT_PART_ID, delta: event.delta });
          break;
        case 'reasoning':
          if (this.ttftMs === null) this.ttftMs = this.firstToken(startedAt);
          if (!this.reasoningOpen) {
            this.log.append({ type: 'reasoning-start', id: REASONING_PART_ID });
            this.reasoningOpen = true;
          }
          this.reasoning += event.delta;
          this.dirty = true;
          this.log.append({ type: 'reasoning-delta', id: REASONING_PART_ID, delta: event.delta });
          break;
        case 'usage':
          this.usage = event;
          break;
        case 'error':
          error = event.error.toJSON();
          break;
        case 'finish':
          break;
      }
    }
    return error;
  }

  /** Waits before a retry (honouring Retry-After up to a cap); false when stopped meanwhile. */
  private backoff(attempt: number, error: ErrorBody): Promise<boolean> {
    const retryAfterS = (error.details as { retryAfterS?: number } | undefined)?.retryAfterS;
    const delayMs = Math.min(MAX_BACKOFF_MS, retryAfterS ? retryAfterS * 1000 : BASE_BACKOFF_MS * 2 ** attempt) * (0.8 + Math.random() * 0.4);
    return new Promise((resolve) => {
      if (this.abort.signal.aborted) return resolve(false);
      const timer = setTimeout(() => resolve(true), delayMs);
      this.abort.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve(false);
      }, { once: true });
    });
  }

  private firstToken(startedAt: number): number {
    const ttftMs = Math.round(performance.now() - startedAt);
    this.enqueueWrite({ status: 'streaming', ttftMs });
    const { reply } = this.input;
    this.deps.events.publishToConversation(this.input.audience, { type: 'message.updated', conversationId: reply.conversationId, messageId: reply.id, status: 'streaming' });
    return ttftMs;
  }

  private checkpoint() {
    if (this.dirty) {
      this.dirty = false;
      this.enqueueWrite({ content: this.text, reasoning: this.reasoning || null, status: 'streaming' });
    } else if (Date.now() - this.lastWriteAt >= HEARTBEAT_INTERVAL_MS) {
      this.enqueueWrite({});
    }
  }

  /** Writes run one after another, so a slow checkpoint can never land after the final state. */
  private enqueueWrite(fields: ReplyFields) {
    this.lastWriteAt = Date.now();
    this.writes = this.writes
      .then(() => this.deps.repository.updateReply({ id: this.input.reply.id, fields }))
      .catch((err) => this.deps.logger.warn({ err, messageId: this.input.reply.id }, 'checkpoint failed'));
  }

  private async persistFinal(
    fields: ReplyFields,
    usage: { promptTokens: number; completionTokens: number; costUsd: number } | null,
  ): Promise<MessageRow | null> {
    await this.writes;
    const { reply, userId } = this.input;
    // The database may be briefly away: retry the final write (about 6 s in all) rather than lose the reply.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.deps.repository.finishReply({
          id: reply.id,
          fields,
          usage: usage && reply.modelId ? { userId, conversationId: reply.conversationId, modelId: reply.modelId, ...usage } : null,
        });
      } catch (err) {
        if (attempt >= 5) {
          this.deps.logger.error({ err, messageId: reply.id }, 'could not store the finished reply');
          return null;
        }
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      }
    }
  }
}
