import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { fail, ok, type Result } from '@mana/contracts';
import { LOGGER, type Logger } from '../../common/logger';
import { listenToChannel, REDIS } from '../../infra/redis';
import { UsageLog } from '../usage/usage-log';
import { SpendRepository } from './spend.repository';

/** The first instant of this calendar month, UTC: spending limits count from here. */
export function monthStart(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

export function nextMonthStart(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

/** How long a user's limit, and with a limit this month's spend, is used without asking the database. */
export const SPEND_CACHE_MS = 15_000;
const MAX_CACHED_USERS = 20_000;
const CHANNEL = 'mana:spend-limits';

/** What this replica knows of one user's month. */
interface Ledger {
  limitUsd: number | null;
  /** This month's spend; kept up to date only when there is a limit. */
  spentUsd: number;
  /** Read again after this: SPEND_CACHE_MS after the read, and never past the end of the month. */
  validUntil: number;
}

/** A database read in progress. A change meanwhile makes its answer good for one check, not kept. */
interface Load {
  ledger: Promise<Ledger>;
  outdated: boolean;
}

/**
 * The monthly spending limit an admin may set on an account. A generation is refused once this
 * month's usage has reached it (a limit of 0 refuses every generation); the reply that crosses the
 * limit is allowed to finish.
 *
 * Checked before every generation, usually without a database read: each user's limit is kept for
 * SPEND_CACHE_MS and, when there is a limit, so is this month's spend, to which each spend is added
 * as it happens here (OpenAI-API usage as it is recorded, chat usage once its reply is stored).
 *
 * How stale an answer can be:
 * - On the replica where the change happens: not at all. An admin's limit change applies to the
 *   next check, and a spend is counted before the next check.
 * - On another replica, with Redis: a limit change applies when its broadcast arrives
 *   (milliseconds). A spend made on another replica counts once it is in the database and the
 *   broadcast arrived: chat usage when its reply is stored, OpenAI-API usage when its batch is
 *   written, at most WRITE_AFTER_MS (250 ms) after the request.
 * - If a broadcast is lost (Redis unreachable, a subscriber reconnecting): until the entry is read
 *   again, at most SPEND_CACHE_MS (15 s) — the bound of the account-access and API-key caches too.
 * - Unchanged by caching: generations started together are each checked before any is counted,
 *   so concurrent requests can together go past the limit.
 */
@Injectable()
export class SpendLimits implements OnModuleInit, OnApplicationShutdown {
  private readonly ledgers = new Map<string, Ledger>();
  private readonly loads = new Map<string, Load>();
  /** Tags this replica's broadcasts: it already applied them. */
  private readonly replica = randomUUID();
  private subscriber: Redis | null = null;

  constructor(
    private readonly repository: SpendRepository,
    private readonly usage: UsageLog,
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    usage.onRecorded((row) => this.recorded(row.userId, row.costUsd ?? 0));
    usage.onWritten((userIds) => this.stored(userIds, { countedHere: true }));
  }

  onModuleInit() {
    if (!this.redis) return;
    this.subscriber = listenToChannel(
      this.redis,
      CHANNEL,
      (payload) => {
        const space = payload.indexOf(' ');
        if (payload.slice(0, space) !== this.replica) this.drop(payload.slice(space + 1));
      },
      (err) => this.logger.warn({ err }, 'spend changes not subscribed yet'),
    );
  }

  onApplicationShutdown() {
    this.subscriber?.disconnect();
  }

  async check(userId: string): Promise<Result<void>> {
    const known = this.ledgers.get(userId);
    const ledger = known && Date.now() < known.validUntil ? known : await this.load(userId);
    if (ledger.limitUsd === null || ledger.spentUsd < ledger.limitUsd) return ok(undefined);
    const resetsAt = nextMonthStart();
    return fail(
      'SPEND_LIMIT_REACHED',
      `You have reached your monthly spending limit of $${ledger.limitUsd.toFixed(2)}; it resets on ${resetsAt.toISOString().slice(0, 10)}`,
      { limitUsd: ledger.limitUsd, spentUsd: ledger.spentUsd, resetsAt: resetsAt.toISOString() },
    );
  }

  /** An admin set, changed or removed the limit: read it again here at once, and on every replica. */
  forget(userId: string): void {
    this.drop(userId);
    this.broadcast(userId);
  }

  /** Spends of these users are now in the database (a usage batch written, a chat reply stored). */
  stored(userIds: Iterable<string>, { countedHere }: { countedHere: boolean }): void {
    for (const userId of userIds) {
      const ledger = this.ledgers.get(userId);
      // A replica that knows of no limit has nothing to tell: had one been set, it would have heard.
      if (ledger?.limitUsd === null) continue;
      if (!countedHere) this.drop(userId);
      this.broadcast(userId);
    }
  }

  /** A spend recorded here, perhaps not written yet: counted from the next check. */
  private recorded(userId: string, costUsd: number) {
    const load = this.loads.get(userId);
    if (load) load.outdated = true;
    const ledger = this.ledgers.get(userId);
    // Rounded to the column's 10 decimals, so the running total matches the database's sum.
    if (ledger && ledger.limitUsd !== null) ledger.spentUsd = Math.round((ledger.spentUsd + costUsd) * 1e10) / 1e10;
  }

  private drop(userId: string) {
    this.ledgers.delete(userId);
    const load = this.loads.get(userId);
    if (load) load.outdated = true;
  }

  private broadcast(userId: string) {
    if (!this.redis) return;
    // Not awaited: a Redis outage must not hold a request; other replicas' entries expire anyway.
    void this.redis.publish(CHANNEL, `${this.replica} ${userId}`).catch((err) => this.logger.warn({ err }, 'spend change not broadcast'));
  }

  /** Concurrent checks of one user share one read. */
  private async load(userId: string): Promise<Ledger> {
    const running = this.loads.get(userId);
    if (running && !running.outdated) return running.ledger;
    const load: Load = { ledger: this.read(userId), outdated: false };
    this.loads.set(userId, load);
    try {
      const ledger = await load.ledger;
      if (!load.outdated) this.remember(userId, ledger);
      return ledger;
    } finally {
      if (this.loads.get(userId) === load) this.loads.delete(userId);
    }
  }

  private async read(userId: string): Promise<Ledger> {
    const now = new Date();
    const since = monthStart(now);
    const validUntil = Math.min(now.getTime() + SPEND_CACHE_MS, nextMonthStart(now).getTime());
    let state = await this.repository.findLimitAndSpend({ userId, since });
    if (state && state.limitUsd !== null && this.usage.hasUnwritten(userId)) {
      // This replica's rows still waiting for their batch count too: write them, then sum again.
      await this.usage.flush();
      state = await this.repository.findLimitAndSpend({ userId, since });
    }
    return { limitUsd: state?.limitUsd ?? null, spentUsd: state?.spentUsd ?? 0, validUntil };
  }

  private remember(userId: string, ledger: Ledger) {
    if (!this.ledgers.has(userId) && this.ledgers.size >= MAX_CACHED_USERS) {
      // Drop the oldest entries (a Map iterates in insertion order).
      for (const oldest of [...this.ledgers.keys()].slice(0, MAX_CACHED_USERS / 10)) this.ledgers.delete(oldest);
    }
    this.ledgers.set(userId, ledger);
  }
}
