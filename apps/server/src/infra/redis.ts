import Redis from 'ioredis';

/** Nest token for the shared Redis connection, or null in embedded mode. */
export const REDIS = Symbol('REDIS');

export function connectRedis(url: string): Redis {
  const client = new Redis(url, {
    lazyConnect: false,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    // Keep retrying with a cap: Redis coming back must heal the process without a restart.
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  client.on('error', () => undefined);
  return client;
}
