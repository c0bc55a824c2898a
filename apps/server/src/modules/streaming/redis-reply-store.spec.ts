import Redis from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../common/logger';
import { FINISHED_LOG_RETENTION_MS } from './reply-log';
import { RedisReplyMirror, REDIS_REPLY_TTL_S } from './redis-reply-store';

const redisUrl = process.env.REDIS_URL;

describe.skipIf(!redisUrl)('RedisReplyMirror (real Redis)', () => {
  const redis = redisUrl ? new Redis(redisUrl) : null!;
  afterAll(() => redis?.disconnect());

  const settle = () => new Promise((r) => setTimeout(r, 50));

  it('keeps a running reply for an hour and a finished one only as long as the replica does', async () => {
    const messageId = `spec-${Date.now()}-${Math.random()}`;
    const key = `mana:reply:${messageId}`;
    const mirror = new RedisReplyMirror(redis, messageId, createLogger('silent'));
    mirror.frame(0, 'id: 0\ndata: {}\n\n');
    await settle();
    expect(await redis.ttl(key)).toBeGreaterThan(REDIS_REPLY_TTL_S - 5);

    mirror.frame(1, 'id: 1\ndata: {}\n\n');
    mirror.end(2);
    await settle();
    const ttl = await redis.ttl(key);
    expect(ttl).toBeLessThanOrEqual(FINISHED_LOG_RETENTION_MS / 1000);
    expect(ttl).toBeGreaterThan(0);
    expect(await redis.xlen(key)).toBe(3);
    await redis.del(key);
  });
});
