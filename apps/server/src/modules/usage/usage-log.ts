import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, type Logger } from '../../common/logger';
import { type UsageRow, UsageRepository } from './usage.repository';

/** The longest a recorded row waits to be written together with others. */
export const WRITE_AFTER_MS = 250;
/** A batch this large is written at once. */
export const BATCH_ROWS = 100;
/** A batch the database refused is tried this many times in all (it may be briefly away), then given up. */
const ATTEMPTS = 3;
const RETRY_AFTER_MS = 1_000;

export type RecordedUsage = UsageRow & { createdAt: Date };

interface Queued {
  row: RecordedUsage;
  attempts: number;
}

/**
 * Usage rows written in batches: one multi-row INSERT every WRITE_AFTER_MS or BATCH_ROWS rows, not
 * one per request. A row's `created_at` is stamped when it is recorded, so it counts for the moment
 * the generation ended. Whoever reads usage calls `flush` first; shutdown writes what is left before
 * the database closes, so no row of an answered request is lost in a graceful stop.
 */
@Injectable()
export class UsageLog implements BeforeApplicationShutdown, OnApplicationShutdown {
  private queue: Queued[] = [];
  /** Rows recorded and not yet committed (queued or being written), per user. */
  private readonly unwritten = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  /** The write in progress or last finished; writes run one after another. */
  private writing: Promise<void> = Promise.resolve();
  /** The write that has not started yet: every flush asked for meanwhile joins it. */
  private nextWrite: Promise<void> | null = null;
  private stopping = false;
  private readonly recordedListeners: ((row: RecordedUsage) => void)[] = [];
  private readonly writtenListeners: ((userIds: Set<string>) => void)[] = [];

  constructor(
    private readonly repository: UsageRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  record(row: UsageRow): void {
    const recorded: RecordedUsage = { ...row, createdAt: row.createdAt ?? new Date() };
    this.queue.push({ row: recorded, attempts: 0 });
    this.unwritten.set(row.userId, (this.unwritten.get(row.userId) ?? 0) + 1);
    for (const listener of this.recordedListeners) listener(recorded);
    // While the app stops, nothing waits for a timer.
    if (this.stopping || this.queue.length >= BATCH_ROWS) void this.flush();
    else this.schedule(WRITE_AFTER_MS);
  }

  /** Called with every row as it is recorded, before it reaches the database. */
  onRecorded(listener: (row: RecordedUsage) => void): void {
    this.recordedListeners.push(listener);
  }

  /** Called after each committed batch with the users whose rows it held. */
  onWritten(listener: (userIds: Set<string>) => void): void {
    this.writtenListeners.push(listener);
  }

  hasUnwritten(userId: string): boolean {
    return this.unwritten.has(userId);
  }

  /**
   * Resolves once every row recorded before the call has been written, or has failed this attempt
   * (such rows stay queued for a retry; the failure is logged).
   */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.nextWrite) {
      const next = this.writing.then(() => {
        this.nextWrite = null;
        return this.writeQueue();
      });
      this.nextWrite = next;
      this.writing = next;
    }
    return this.nextWrite;
  }

  /** Requests still being answered may record rows after this: those are written at once. */
  async beforeApplicationShutdown() {
    this.stopping = true;
    await this.flush();
  }

  /** After the HTTP server closed, before the database does (the core module closes it last). */
  async onApplicationShutdown() {
    await this.flush();
  }

  private schedule(delayMs: number) {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delayMs);
    this.timer.unref();
  }

  private async writeQueue(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, BATCH_ROWS);
      try {
        await this.repository.insertUsage(batch.map((queued) => queued.row));
      } catch (err) {
        const retry = batch.filter((queued) => ++queued.attempts < ATTEMPTS);
        const lost = batch.filter((queued) => queued.attempts >= ATTEMPTS);
        this.settle(lost);
        if (lost.length > 0) this.logger.error({ err, rows: lost.length }, 'usage rows could not be written and are lost');
        else this.logger.warn({ err, rows: batch.length }, 'usage rows not written yet; trying again');
        this.queue.unshift(...retry);
        if (this.queue.length > 0) this.schedule(RETRY_AFTER_MS);
        return;
      }
      const userIds = this.settle(batch);
      for (const listener of this.writtenListeners) {
        try {
          listener(userIds);
        } catch (err) {
          this.logger.warn({ err }, 'usage listener failed');
        }
      }
    }
  }

  private settle(rows: Queued[]): Set<string> {
    const userIds = new Set<string>();
    for (const { row } of rows) {
      userIds.add(row.userId);
      const left = (this.unwritten.get(row.userId) ?? 1) - 1;
      if (left > 0) this.unwritten.set(row.userId, left);
      else this.unwritten.delete(row.userId);
    }
    return userIds;
  }
}
