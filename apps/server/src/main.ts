import { ConfigError, loadConfig } from './config/config';
import { createApp } from './app';
import { createLogger } from './common/logger';

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
  app.enableShutdownHooks();
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT}`;
  logger.info({ url, database: config.DATABASE_URL ? 'postgres' : 'pglite', redis: Boolean(config.REDIS_URL) }, `Mana Chat is running at ${url}`);
}

main().catch((error) => {
  console.error('Mana Chat failed to start:', error);
  process.exit(1);
});
