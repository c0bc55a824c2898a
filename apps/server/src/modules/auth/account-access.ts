import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { fail, ok, type Result } from '@mana/contracts';
import { LOGGER, type Logger } from '../../common/logger';
import { listenToChannel, REDIS } from '../../infra/redis';
import { AuthRepository } from './auth.repository';

/** How long an answer is reused: the longest a change can take on a replica that did not hear of it. */
const CACHE_MS = 15_000;
const MAX_CACHED_USERS = 20_000;
const CHANNEL = 'mana:account-access';

export const ACCOUNT_DISABLED_MESSAGE = 'This account has been disabled by an administrator';
export const accountDisabled = () => fail('FORBIDDEN', ACCOUNT_DISABLED_MESSAGE, { reason: 'account-disabled' });

/**
 * Whether a verified token may still be used: its account exists and is not disabled, and the
 * sign-in it belongs to was not revoked (sign-out elsewhere, password change, account deleted).
 * Answers are cached briefly, so this is not a database round trip per request; whoever changes an
 * account calls `forget`, which clears the answer at once here and, through Redis, on every replica.
 */
@Injectable()
export class AccountAccess implements OnModuleInit, OnApplicationShutdown {
  private readonly cache = new Map<string, Map<string, { at: number; answer: Result<void> }>>();
  private subscriber: Redis | null = null;
  /** Bumped by every change, so an answer read while a change happened is not cached. */
  private epoch = 0;

  private readonly forgetListeners: ((userId: string) => void)[] = [];

  constructor(
    private readonly repository: AuthRepository,
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit() {
    if (!this.redis) return;
    // A change missed while Redis is away still shows within CACHE_MS, when the cached answer expires.
    this.subscriber = listenToChannel(
      this.redis,
      CHANNEL,
      (userId) => {
        this.epoch++;
        this.cache.delete(userId);
        for (const listener of this.forgetListeners) listener(userId);
      },
      (err) => this.logger.warn({ err }, 'account changes not subscribed yet'),
    );
  }

  onApplicationShutdown() {
    this.subscriber?.disconnect();
  }

  /**
   * `sessionId` is the token's sign-in. Tokens without one (API keys, tokens minted before sessions
   * were recorded) are only checked for a disabled account.
   */
  /** Other caches of what an account may do (e.g. verified API keys) drop the account with this one. */
  onForget(listener: (userId: string) => void): void {
    this.forgetListeners.push(listener);
  }

  async check(userId: string, sessionId: string | null): Promise<Result<void>> {
    const key = sessionId ?? '';
    const cached = this.cache.get(userId)?.get(key);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.answer;
    const epoch = this.epoch;
    const state = await this.repository.findAccessState({ userId, sessionId });
    let answer: Result<void> = ok(undefined);
    if (!state) {
      if (sessionId) answer = fail('UNAUTHORIZED', 'This account no longer exists');
    } else if (state.disabledAt) {
      answer = accountDisabled();
    } else if (!state.sessionLive) {
      answer = fail('UNAUTHORIZED', 'This session has been signed out; sign in again');
    }
    if (epoch === this.epoch) this.remember(userId, key, answer);
    return answer;
  }

  /** The account changed (disabled, deleted, sessions revoked): ask the database next time, everywhere. */
  async forget(userId: string): Promise<void> {
    this.epoch++;
    this.cache.delete(userId);
    for (const listener of this.forgetListeners) listener(userId);
    if (!this.redis) return;
    // Not awaited: a Redis outage must not hold the request; the other replicas' caches expire anyway.
    void this.redis.publish(CHANNEL, userId).catch((err) => this.logger.warn({ err }, 'account change not broadcast'));
  }

  private remember(userId: string, key: string, answer: Result<void>) {
    if (!this.cache.has(userId) && this.cache.size >= MAX_CACHED_USERS) {
      // Drop the oldest entries (a Map iterates in insertion order).
      for (const oldest of [...this.cache.keys()].slice(0, MAX_CACHED_USERS / 10)) this.cache.delete(oldest);
    }
    let sessions = this.cache.get(userId);
    if (!sessions) this.cache.set(userId, (sessions = new Map()));
    sessions.set(key, { at: Date.now(), answer });
  }
}
