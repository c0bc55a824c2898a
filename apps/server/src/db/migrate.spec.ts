import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestPostgres } from '../../test/support/postgres';
import { openDatabase, type DatabaseHandle } from './database';

async function appliedMigrations(handle: DatabaseHandle): Promise<number> {
  const result = await handle.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  const rows = (result as unknown as { rows: { n: number }[] }).rows;
  return rows[0].n;
}

async function tables(handle: DatabaseHandle): Promise<string[]> {
  const result = await handle.db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
  );
  return (result as unknown as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
}

const EXPECTED_TABLES = [
  'ai_models',
  'api_keys',
  'conversations',
  'documents',
  'messages',
  'refresh_tokens',
  'shares',
  'signing_keys',
  'space_members',
  'spaces',
  'templates',
  'usage_logs',
  'users',
];

describe('migrations on PGlite', () => {
  const handle = openDatabase({ dataDir: 'memory://' });
  afterAll(() => handle.close());

  it('apply from empty and create every table', async () => {
    await handle.migrate();
    expect(await tables(handle)).toEqual(expect.arrayContaining(EXPECTED_TABLES));
  });

  it('apply nothing on a second run', async () => {
    const before = await appliedMigrations(handle);
    await handle.migrate();
    expect(await appliedMigrations(handle)).toBe(before);
  });
});

const pgUrl = process.env.TEST_DATABASE_URL;
describe.skipIf(!pgUrl)('migrations on PostgreSQL (TEST_DATABASE_URL)', () => {
  it('apply from empty in a fresh schema and are a no-op the second time', async () => {
    const pg = await createTestPostgres(pgUrl!);
    try {
      const handle = openDatabase({ url: pg.url });
      await handle.migrate();
      expect(await tables(handle)).toEqual(expect.arrayContaining(EXPECTED_TABLES));
      const before = await appliedMigrations(handle);
      await handle.migrate();
      expect(await appliedMigrations(handle)).toBe(before);
      await handle.close();
    } finally {
      await pg.drop();
    }
  });
});
