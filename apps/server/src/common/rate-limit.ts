import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError, fail, ok, type Result } from '@mana/contracts';

export interface RateLimitRule {
  /** Requests allowed per window. */
  points: number;
  windowS: number;
}

/**
 * Fixed-window limits kept in Redis when it is configured (so every replica counts together),
 * in memory otherwise.
 */
export class RateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(name: string, rule: RateLimitRule, redis: Redis | null) {
    this.limiter = redis
      ? new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `mana:rl:${name}`,
          points: rule.points,
          duration: rule.windowS,
          // A Redis outage must not lock everyone out: fall back to this process's own counts.
          insuranceLimiter: new RateLimiterMemory({ points: rule.points, duration: rule.windowS }),
        })
      : new RateLimiterMemory({ keyPrefix: name, points: rule.points, duration: rule.windowS });
  }

  async consume(key: string, points = 1): Promise<Result<void>> {
    try {
      await this.limiter.consume(key, points);
      return ok(undefined);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return fail('RATE_LIMITED', 'Too many requests, try again later', {
          retryAfterS: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
        });
      }
      throw rejection;
    }
  }

  /** Forgets a key, e.g. the per-account login counter after a successful sign-in. */
  async reset(key: string): Promise<void> {
    await this.limiter.delete(key).catch(() => undefined);
  }
}

export function rateLimited(error: AppError): boolean {
  return error.code === 'RATE_LIMITED';
}
