import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgres } from '../../../test/support/postgres';
import { createLogger } from '../../common/logger';
import { type DatabaseHandle, openDatabase } from '../../db/database';
import { conversations, messages, usageLogs } from '../../db/schema';
import { BATCH_ROWS, UsageLog, WRITE_AFTER_MS } from './usage-log';
import { UsageRepository } from './usage.repository';

const pgUrl = process.env.MANA_TEST_DATABASE === 'pglite' ? undefined : process.env.TEST_DATABASE_URL;

let database: DatabaseHandle;
let dropDatabase: (() => Promise<void>) | null = null;

beforeAll(async () => {
  const pg = pgUrl ? await createTestPostgres(pgUrl) : null;
  dropDatabase = pg ? () => pg.drop() : null;
  database = openDatabase(pg ? { url: pg.url } : { dataDir: 'memory://' });
  await database.migrate();
});

afterAll(async () => {
  await database.close();
  await dropDatabase?.();
});

let users = 0;
const newUserId = () => `usage-user-${++users}`;
const newLog = () => new UsageLog(new UsageRepository(database.db), createLogger('silent'));
const row = (userId: string, costUsd = 0.001) => ({ userId, modelId: 'openai/gpt-4o-mini', promptTokens: 3, completionTokens: 5, costUsd, source: 'openai-api' as const });

const rowsOf = (userId: string) => database.db.select().from(usageLogs).where(eq(usageLogs.userId, userId));

/** Rows inserted by one statement share a transaction id. */
async function transactionsOf(userId: string): Promise<number> {
  const result = await database.db.execute(sql`select count(distinct xmin::text)::int as n from usage_logs where user_id = ${userId}`);
  return (result as unknown as { rows: { n: number }[] }).rows[0].n;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('usage rows written in batches', () => {
  it('write what several requests recorded in one statement, on their own within a moment', async () => {
    const log = newLog();
    const userId = newUserId();
    for (let i = 0; i < 5; i++) log.record(row(userId));
    expect(await rowsOf(userId)).toHaveLength(0);
    await until(async () => (await rowsOf(userId)).length === 5, WRITE_AFTER_MS + 5_000);
    expect(await transactionsOf(userId)).toBe(1);
    expect(log.hasUnwritten(userId)).toBe(false);
  });

  it('keep every field of every row, nulls and fractions of a cent included', async () => {
    const userId = newUserId();
    const [conversation] = await database.db.insert(conversations).values({ userId, title: 't', modelId: 'm' }).returning();
    const [message] = await database.db.insert(messages).values({ conversationId: conversation.id, role: 'assistant', content: '' }).returning();
    const at = new Date('2026-11-20T10:11:12.345Z');
    const written = [
      { userId, conversationId: conversation.id, messageId: message.id, modelId: 'anthropic/claude-sonnet-4', promptTokens: 1200, completionTokens: 345, costUsd: 0.0000123456, source: 'chat' as const, createdAt: at },
      { userId, modelId: 'local/llama3.2', promptTokens: 0, completionTokens: 7, costUsd: 0, source: 'openai-api' as const, createdAt: new Date(at.getTime() + 1) },
      { userId, conversationId: conversation.id, modelId: "it's \"quoted\", {braced}", promptTokens: 2, completionTokens: 3, costUsd: 12.5, source: 'chat' as const, createdAt: new Date(at.getTime() + 2) },
    ];
    await new UsageRepository(database.db).insertUsage(written);
    const read = (await rowsOf(userId)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    expect(read.map(({ id: _id, ...rest }) => rest)).toEqual(written.map((w) => ({ conversationId: null, messageId: null, ...w })));
  });

  it('write a full batch without waiting for the timer', async () => {
    const log = newLog();
    const userId = newUserId();
    for (let i = 0; i < BATCH_ROWS; i++) log.record(row(userId));
    // The batch is on its way already: a flush asked for now joins it rather than starting another.
    await log.flush();
    expect(await rowsOf(userId)).toHaveLength(BATCH_ROWS);
    expect(await transactionsOf(userId)).toBe(1);
  });

  it('stamp each row when it is recorded, not when it is written', async () => {
    const log = newLog();
    const userId = newUserId();
    log.record(row(userId));
    const recordedBy = new Date();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await log.flush();
    const [stored] = await rowsOf(userId);
    expect(stored.createdAt.getTime()).toBeLessThanOrEqual(recordedBy.getTime());
  });

  it('write everything left when the app shuts down', async () => {
    const log = newLog();
    const userId = newUserId();
    log.record(row(userId));
    log.record(row(userId));
    await log.beforeApplicationShutdown();
    expect(await rowsOf(userId)).toHaveLength(2);
    log.record(row(userId));
    await log.onApplicationShutdown();
    expect(await rowsOf(userId)).toHaveLength(3);
  });

  it('keep a batch the database refused and write it once the database takes it', async () => {
    const log = newLog();
    const userId = newUserId();
    await database.db.execute(sql`alter table usage_logs rename to usage_logs_away`);
    try {
      log.record(row(userId));
      await log.flush();
      expect(log.hasUnwritten(userId)).toBe(true);
    } finally {
      await database.db.execute(sql`alter table usage_logs_away rename to usage_logs`);
    }
    await until(async () => (await rowsOf(userId)).length === 1);
    expect(log.hasUnwritten(userId)).toBe(false);
  });

  it('give a batch up after three refusals, without holding later rows back', async () => {
    const log = newLog();
    const refused = newUserId();
    await database.db.execute(sql`alter table usage_logs rename to usage_logs_away`);
    try {
      log.record(row(refused));
      for (let attempt = 0; attempt < 3; attempt++) await log.flush();
      expect(log.hasUnwritten(refused)).toBe(false);
    } finally {
      await database.db.execute(sql`alter table usage_logs_away rename to usage_logs`);
    }
    const later = newUserId();
    log.record(row(later));
    await log.flush();
    expect(await rowsOf(refused)).toHaveLength(0);
    expect(await rowsOf(later)).toHaveLength(1);
  });
});
