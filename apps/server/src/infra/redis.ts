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

/**
 * Listens to one pub/sub channel on a dedicated connection (a subscribed connection can do nothing
 * else). Not awaited: a Redis that is down at start must not stop the app, and ioredis subscribes
 * again whenever it reconnects. Disconnect the returned connection at shutdown.
 */
export function listenToChannel(
  redis: Redis,
  channel: string,
  onMessage: (payload: string) => void,
  onSubscribeError: (err: unknown) => void,
): Redis {
  const subscriber = redis.duplicate();
  subscriber.on('error', () => undefined);
  subscriber.on('message', (_channel: string, payload: string) => onMessage(payload));
  subscriber.subscribe(channel).catch(onSubscribeError);
  return subscriber;
}
