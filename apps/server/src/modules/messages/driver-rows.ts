import { getTableColumns, type InferSelectModel } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * A row read by raw SQL (a recursive walk, a statement drizzle cannot build), decoded the way
 * drizzle decodes its own selects: snake_case names, and timestamps, numeric and jsonb through each
 * column's mapper. Also takes a row that came as JSON (`row_to_json`).
 */
export function rowFrom<T extends PgTable>(table: T, raw: Record<string, unknown>): InferSelectModel<T> {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as InferSelectModel<T>;
}

/** JSON however the driver hands it over: parsed already, or as text. */
export const jsonFrom = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
