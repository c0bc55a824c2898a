import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { fail, ok, type Result } from '@mana/contracts';
import { RateLimiter } from '../../common/rate-limit';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { REDIS } from '../../infra/redis';

/** A held slot is forgotten after this long even if its release was lost (a crashed replica). */
const SLOT_TTL_S = 3_600;

/**
 * Per-user abuse limits on generations: how many a minute, and how many running at once (counted in
 * Redis across replicas when it is configured). Checked before anything is stored, so a refused
 * message is simply not accepted.
 */
@Injectable()
export class GenerationQuota {
  private readonly perMinute: RateLimiter;
  private readonly running = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {
    this.perMinute = new RateLimiter('messages', { points: config.MESSAGE_LIMIT_PER_MINUTE, windowS: 60 }, redis);
  }

  /** Takes `count` slots; on success the caller must `release` each when its generation ends. */
  async acquire(userId: string, count = 1): Promise<Result<void>> {
    const rate = await this.perMinute.consume(userId, count);
    if (!rate.ok) return rate;
    const max = this.config.MAX_CONCURRENT_GENERATIONS;
    const now = await this.add(userId, count);
    if (now > max) {
      await this.add(userId, -count);
      return fail('RATE_LIMITED', `At most ${max} replies can be written at once; wait for one to finish`, { retryAfterS: 5 });
    }
    return ok(undefined);
  }

  async release(userId: string): Promise<void> {
    await this.add(userId, -1).catch(() => undefined);
  }

  private async add(userId: string, delta: number): Promise<number> {
    if (this.redis) {
      const key = `mana:gen:${userId}`;
      const [[, value]] = (await this.redis.multi().incrby(key, delta).expire(key, SLOT_TTL_S).exec()) as [[null, number], unknown];
      return value;
    }
    const value = Math.max(0, (this.running.get(userId) ?? 0) + delta);
    if (value === 0) this.running.delete(userId);
    else this.running.set(userId, value);
    return value;
  }
}
