import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A throwaway database on the real PostgreSQL server named by TEST_DATABASE_URL, so suites start
 * from empty and never see each other's rows.
 */
export async function createTestPostgres(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `mana_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
