// The server's suites run on the embedded PGlite, and again on a real PostgreSQL when
// TEST_DATABASE_URL names one (CI does), so the same migrations and queries are proven on both.
import { spawnSync } from 'node:child_process';

const runs = [{ label: 'PGlite', env: { MANA_TEST_DATABASE: 'pglite' } }];
if (process.env.TEST_DATABASE_URL) runs.push({ label: 'PostgreSQL', env: { MANA_TEST_DATABASE: 'postgres' } });
else console.log('NOTICE server suites on PostgreSQL skipped: TEST_DATABASE_URL is not set.');

let failed = 0;
for (const run of runs) {
  console.log(`\n--- server suites on ${run.label} ---`);
  const result = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, ...run.env } });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
