import { loadConfig, ConfigError } from './config/config';
import { openDatabase } from './db/database';

/** `npm run db:migrate`: applies the committed migrations to DATABASE_URL or the embedded database. */
async function main() {
  const config = loadConfig();
  const handle = openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  await handle.migrate();
  await handle.close();
  console.log(`migrations applied (${handle.kind})`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
