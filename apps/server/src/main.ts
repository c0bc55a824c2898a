import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './app';
import { createLogger, type Logger } from './common/logger';
import { ConfigError, loadConfig } from './config/config';
import { Lifecycle } from './lifecycle';
import { GenerationService } from './modules/streaming/generation.service';
import { closeAllSseConnections } from './modules/streaming/sse-connection';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Mana Chat cannot start. ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const app = await createApp({ config, logger });
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT}`;
  logger.info({ url, database: config.DATABASE_URL ? 'postgres' : 'pglite', redis: Boolean(config.REDIS_URL) }, `Mana Chat is running at ${url}`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutdown(app, logger, signal));
}

/**
 * Stop accepting, let running replies finish within SHUTDOWN_GRACE_MS (then store them as
 * interrupted), end open streams so clients reconnect elsewhere, close.
 */
async function shutdown(app: NestFastifyApplication, logger: Logger, signal: string) {
  logger.info({ signal }, 'shutting down');
  app.get(Lifecycle).draining = true;
  app.getHttpServer().close();
  try {
    await app.get(GenerationService).drain();
    closeAllSseConnections();
    await app.close();
  } catch (err) {
    logger.error({ err }, 'unclean shutdown');
    process.exit(1);
  }
  process.exit(0);
}

main().catch((error) => {
  console.error('Mana Chat failed to start:', error);
  process.exit(1);
});
