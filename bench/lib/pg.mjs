// PostgreSQL helpers: throw-away databases for benchmarked servers, and direct queries for the
// SQL baselines. Uses the `pg` driver the server already depends on.
import pg from 'pg';

/** The connection used to create and drop databases: BENCH_PG_URL, else the local test server. */
export const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function urlFor(database) {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function available() {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const r = await client.query('select version() as v');
    return { ok: true, version: r.rows[0].v.split(' on ')[0] };
  } catch (error) {
    return { ok: false, error: error.message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function admin(fn) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const ident = (name) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name ${name}`);
  return `"${name}"`;
};

export const databaseExists = (name) => admin(async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);

export async function createDatabase(name) {
  await admin(async (c) => {
    await c.query(`drop database if exists ${ident(name)} with (force)`);
    await c.query(`create database ${ident(name)}`);
  });
  return urlFor(name);
}

export async function dropDatabase(name) {
  await admin((c) => c.query(`drop database if exists ${ident(name)} with (force)`)).catch(() => undefined);
}

/** A small pool on one database (the OFFSET / SQL baselines, seeding). */
export function pool(url, max = 2) {
  const p = new pg.Pool({ connectionString: url, max });
  p.on('error', () => undefined);
  return p;
}
