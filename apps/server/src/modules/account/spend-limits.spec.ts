import { eq } from 'drizzle-orm';
import type Redis from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestPostgres } from '../../../test/support/postgres';
import { createLogger } from '../../common/logger';
import { type DatabaseHandle, openDatabase } from '../../db/database';
import { usageLogs, users } from '../../db/schema';
import { connectRedis } from '../../infra/redis';
import { UsageLog } from '../usage/usage-log';
import { UsageRepository } from '../usage/usage.repository';
import { monthStart, nextMonthStart, SpendLimits } from './spend-limits';
import { SpendRepository } from './spend.repository';

// A real database (PGlite, or PostgreSQL in the PostgreSQL pass): the ledger is checked against the rows it stands for.
const pgUrl = process.env.MANA_TEST_DATABASE === 'pglite' ? undefined : process.env.TEST_DATABASE_URL;
const logger = createLogger('silent');

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

afterEach(() => {
  vi.useRealTimers();
});

/** One replica's view: its own usage batch and its own ledgers, on the shared database. */
function replica(redis: Redis | null = null) {
  const usage = new UsageLog(new UsageRepository(database.db), logger);
  const limits = new SpendLimits(new SpendRepository(database.db), usage, redis, logger);
  limits.onModuleInit();
  return { usage, limits };
}

let accounts = 0;
async function account({ limitUsd = null as number | null, spentUsd = 0, spentAt = new Date() } = {}) {
  const [row] = await database.db
    .insert(users)
    .values({ email: `spender${++accounts}-${Date.now()}@example.com`, name: 'Spender', monthlySpendLimitUsd: limitUsd })
    .returning();
  if (spentUsd) await database.db.insert(usageLogs).values({ userId: row.id, modelId: 'openai/gpt-4o-mini', costUsd: spentUsd, createdAt: spentAt });
  return row.id;
}

const setLimit = (userId: string, limitUsd: number | null) =>
  database.db.update(users).set({ monthlySpendLimitUsd: limitUsd }).where(eq(users.id, userId));

const allowed = async (limits: SpendLimits, userId: string) => (await limits.check(userId)).ok;

describe('monthly spending limits', () => {
  it('count calendar months in UTC', () => {
    const lateOnTheLastDay = new Date('2026-11-30T23:59:59.999Z');
    expect(monthStart(lateOnTheLastDay).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(nextMonthStart(lateOnTheLastDay).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(nextMonthStart(new Date('2026-12-15T00:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('allow a user without a limit, or below it, or without an account row', async () => {
    const { limits } = replica();
    expect(await allowed(limits, await account({ spentUsd: 999 }))).toBe(true);
    expect(await allowed(limits, await account({ limitUsd: 5, spentUsd: 4.99 }))).toBe(true);
    expect(await allowed(limits, 'external-sub')).toBe(true);
  });

  it('refuse once the limit is reached, saying when it resets', async () => {
    const { limits } = replica();
    const result = await limits.check(await account({ limitUsd: 5, spentUsd: 5 }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('SPEND_LIMIT_REACHED');
    expect(result.error.status).toBe(402);
    expect(result.error.message).toContain('$5.00');
    expect(result.error.details).toMatchObject({ limitUsd: 5, spentUsd: 5, resetsAt: nextMonthStart().toISOString() });
  });

  it('treat a limit of 0 as no generations at all', async () => {
    const { limits } = replica();
    expect(await allowed(limits, await account({ limitUsd: 0 }))).toBe(false);
  });

  it('reuse an answer instead of reading the database per check, and read again at once after forget', async () => {
    const { limits } = replica();
    const userId = await account();
    expect(await allowed(limits, userId)).toBe(true);
    // Written behind the cache's back: not seen, which shows the check did not ask the database...
    await setLimit(userId, 0);
    expect(await allowed(limits, userId)).toBe(true);
    // ...until whoever changed it says so, as the admin service does.
    limits.forget(userId);
    expect(await allowed(limits, userId)).toBe(false);
    await setLimit(userId, null);
    limits.forget(userId);
    expect(await allowed(limits, userId)).toBe(true);
  });

  it('count a spend recorded here from the next check, before its row is written', async () => {
    const { usage, limits } = replica();
    const userId = await account({ limitUsd: 1, spentUsd: 0.5 });
    expect(await allowed(limits, userId)).toBe(true);
    usage.record({ userId, modelId: 'openai/gpt-4o-mini', costUsd: 0.6, source: 'openai-api' });
    expect(usage.hasUnwritten(userId)).toBe(true);
    const refused = await limits.check(userId);
    expect(!refused.ok && refused.error.details).toMatchObject({ limitUsd: 1, spentUsd: 1.1 });
    await usage.flush();
    expect(usage.hasUnwritten(userId)).toBe(false);
    limits.forget(userId);
    const reread = await limits.check(userId);
    expect(!reread.ok && reread.error.details).toMatchObject({ spentUsd: 1.1 });
  });

  it("count this replica's unwritten rows when it reads the month's total again", async () => {
    const { usage, limits } = replica();
    const userId = await account({ limitUsd: 1 });
    usage.record({ userId, modelId: 'openai/gpt-4o-mini', costUsd: 2, source: 'openai-api' });
    expect(await allowed(limits, userId)).toBe(false);
    expect(usage.hasUnwritten(userId)).toBe(false);
  });

  it('count a chat spend from the next check once its reply is stored', async () => {
    const { limits } = replica();
    const userId = await account({ limitUsd: 1 });
    expect(await allowed(limits, userId)).toBe(true);
    // What storing a finished reply does: its usage row is written with it.
    await database.db.insert(usageLogs).values({ userId, modelId: 'openai/gpt-4o-mini', costUsd: 1, source: 'chat' });
    limits.stored([userId], { countedHere: false });
    expect(await allowed(limits, userId)).toBe(false);
  });

  it('start every month from zero, even within the cache time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-30T23:59:55Z'));
    const { limits } = replica();
    const userId = await account({ limitUsd: 1, spentUsd: 1, spentAt: new Date('2026-11-30T12:00:00Z') });
    expect(await allowed(limits, userId)).toBe(false);
    vi.setSystemTime(new Date('2026-12-01T00:00:01Z'));
    expect(await allowed(limits, userId)).toBe(true);
  });

  it('read the database again once the cache time is over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { limits } = replica();
    const userId = await account();
    expect(await allowed(limits, userId)).toBe(true);
    await setLimit(userId, 0);
    vi.setSystemTime(Date.now() + 15_001);
    expect(await allowed(limits, userId)).toBe(false);
  });
});

const redisUrl = process.env.REDIS_URL;
describe.skipIf(!redisUrl)('spending limits on two replicas (REDIS_URL)', () => {
  const connections: Redis[] = [];
  const replicas: ReturnType<typeof replica>[] = [];

  async function twoReplicas() {
    const [a, b] = [connectRedis(redisUrl!), connectRedis(redisUrl!)];
    connections.push(a, b);
    const pair = [replica(a), replica(b)];
    replicas.push(...pair);
    // Both must be listening before the test broadcasts: each hears a probe from the other first.
    for (const [listener, speaker] of [pair, [...pair].reverse()]) {
      const probe = await account();
      await listener.limits.check(probe);
      await setLimit(probe, 0);
      await until(async () => {
        speaker.limits.forget(probe);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return !(await allowed(listener.limits, probe));
      });
    }
    return pair;
  }

  afterAll(() => {
    for (const { limits } of replicas) limits.onApplicationShutdown();
    for (const connection of connections) connection.disconnect();
  });

  it('apply a limit set on one replica on the other as soon as the broadcast arrives', async () => {
    const [a, b] = await twoReplicas();
    const userId = await account();
    expect(await allowed(a.limits, userId)).toBe(true);
    await setLimit(userId, 0);
    b.limits.forget(userId);
    expect(await allowed(b.limits, userId)).toBe(false);
    await until(async () => !(await allowed(a.limits, userId)));
  });

  it("count another replica's OpenAI-API spend once its batch is written", async () => {
    const [a, b] = await twoReplicas();
    const userId = await account({ limitUsd: 1 });
    expect(await allowed(a.limits, userId)).toBe(true);
    expect(await allowed(b.limits, userId)).toBe(true);
    b.usage.record({ userId, modelId: 'openai/gpt-4o-mini', costUsd: 1.5, source: 'openai-api' });
    expect(await allowed(b.limits, userId)).toBe(false);
    await b.usage.flush();
    await until(async () => !(await allowed(a.limits, userId)));
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
