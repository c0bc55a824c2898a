import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/database';

/** The database or an open transaction. */
type Runner = Pick<Database, '_'>;
type Row = Record<string, unknown>;

const dialect = new PgDialect();

/**
 * A raw statement (one drizzle's builders cannot express: a recursive walk, a data-modifying WITH)
 * prepared the way drizzle's `.prepare(name)` prepares its own: the SQL text is built once, and
 * PostgreSQL parses and plans it once per connection. Values go in through `sql.placeholder()`.
 * Runs on the database or inside a transaction (on that transaction's connection).
 */
export function preparedSql(name: string, statement: SQL): (db: Runner, values: Record<string, unknown>) => Promise<Row[]> {
  const query = dialect.sqlToQuery(statement);
  return async (db, values) => {
    const result = await db._.session.prepareQuery(query, undefined, name, false).execute(values);
    return (result as { rows: Row[] }).rows;
  };
}
