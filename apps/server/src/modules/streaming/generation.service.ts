import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { isFinalStatus } from '@mana/contracts';
import { listenToChannel, REDIS } from '../../infra/redis';
import { LOGGER, type Logger } from '../../common/logger';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { EventBus } from '../events/event-bus';
import { type MessageRow, MessagesRepository } from '../messages/messages.repository';
import { GenerationJob, type GenerationInput } from './generation-job';
import { GenerationQuota } from './generation-quota';
import type { ReplyLog } from './reply-log';
import { ReplyHub } from './reply-hub';

/** A reply untouched this long belongs to a process that is gone. */
const ORPHAN_AFTER_MS = 60_000;
const SWEEP_EVERY_MS = 30_000;
const STOP_CHANNEL = 'mana:stop';
/** How long a stop sent to another replica may take to show in the database. */
const REMOTE_STOP_WAIT_MS = 10_000;
const INTERRUPTED = { code: 'INTERRUPTED', message: 'The server stopped while this reply was being written; the text so far is kept.' };

export type ReplyFinishedListener = (reply: MessageRow, input: GenerationInput) => void;

/** Starts, tracks and stops the generation jobs of this process. */
@Injectable()
export class GenerationService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly jobs = new Map<string, GenerationJob>();
  private readonly listeners: ReplyFinishedListener[] = [];
  private sweeper: NodeJS.Timeout | undefined;
  private stopSubscriber: Redis | null = null;

  constructor(
    private readonly hub: ReplyHub,
    private readonly repository: MessagesRepository,
    private readonly events: EventBus,
    private readonly quota: GenerationQuota,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  async onApplicationBootstrap() {
    // Embedded mode is one process: whatever was unfinished at start died with the last one.
    // On a shared PostgreSQL other replicas may be mid-reply, so only silent replies count.
    const shared = Boolean(this.config.DATABASE_URL);
    await this.sweep(shared ? new Date(Date.now() - ORPHAN_AFTER_MS) : null);
    this.sweeper = setInterval(() => void this.sweep(new Date(Date.now() - ORPHAN_AFTER_MS)), SWEEP_EVERY_MS);
    this.sweeper.unref();
    if (this.redis) {
      // A stop may arrive at any replica: it is broadcast, and whichever runs the reply stops it.
      this.stopSubscriber = listenToChannel(
        this.redis,
        STOP_CHANNEL,
        (messageId) => this.jobs.get(messageId)?.stop(),
        (err) => this.logger.warn({ err }, 'stop channel not subscribed yet'),
      );
    }
  }

  onApplicationShutdown() {
    this.stopSubscriber?.disconnect();
  }

  onReplyFinished(listener: ReplyFinishedListener) {
    this.listeners.push(listener);
  }

  start(input: GenerationInput): GenerationJob {
    const log = this.hub.open(input.reply.id);
    const job = new GenerationJob(input, log, {
      repository: this.repository,
      logger: this.logger,
      events: this.events,
      retries: this.config.UPSTREAM_RETRIES,
    });
    this.jobs.set(job.messageId, job);
    void job.finished.finally(() => this.quota.release(input.userId));
    void job.finished.then(
      (row) => {
        this.jobs.delete(job.messageId);
        this.hub.close(log);
        this.events.publishToConversation(input.audience, { type: 'message.completed', conversationId: row.conversationId, messageId: row.id, status: row.status });
        for (const listener of this.listeners) listener(row, input);
      },
      (err) => {
        this.jobs.delete(job.messageId);
        this.hub.close(log);
        this.logger.error({ err, messageId: job.messageId }, 'generation ended abnormally');
      },
    );
    return job;
  }

  find(messageId: string): GenerationJob | null {
    return this.jobs.get(messageId) ?? null;
  }

  logOf(messageId: string): ReplyLog | null {
    return this.hub.find(messageId);
  }

  /** Stops a job of this process; null when it is not running here. */
  async stop(messageId: string): Promise<MessageRow | null> {
    const job = this.jobs.get(messageId);
    if (!job) return null;
    job.stop();
    return job.finished;
  }

  /**
   * Stops a reply wherever it runs. Returns its final row, or null when no process finished it in
   * time (then nobody is writing it any more).
   */
  async stopAnywhere(messageId: string): Promise<MessageRow | null> {
    const local = await this.stop(messageId);
    if (local || !this.redis) return local;
    await this.redis.publish(STOP_CHANNEL, messageId);
    const deadline = Date.now() + REMOTE_STOP_WAIT_MS;
    while (Date.now() < deadline) {
      const row = await this.repository.findMessage({ id: messageId });
      if (!row || isFinalStatus(row.status)) return row;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return null;
  }

  get runningCount(): number {
    return this.jobs.size;
  }

  /** On SIGTERM: let running replies finish within the grace period, then stop and store the rest. */
  async beforeApplicationShutdown() {
    await this.drain();
  }

  async drain() {
    clearInterval(this.sweeper);
    if (this.jobs.size === 0) return;
    const all = () => Promise.allSettled([...this.jobs.values()].map((j) => j.finished));
    const graceful = await Promise.race([
      all().then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), this.config.SHUTDOWN_GRACE_MS).unref()),
    ]);
    if (!graceful) {
      this.logger.warn({ running: this.jobs.size }, 'grace period over: stopping running replies');
      for (const job of this.jobs.values()) job.interrupt();
      await all();
    }
  }

  private async sweep(olderThan: Date | null) {
    try {
      const failed = await this.repository.failOrphanedReplies({ olderThan, error: INTERRUPTED });
      if (failed > 0) this.logger.warn({ failed }, 'marked orphaned replies failed');
    } catch (err) {
      this.logger.warn({ err }, 'orphan sweep failed');
    }
  }
}
