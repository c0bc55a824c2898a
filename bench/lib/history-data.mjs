// The long-history data set for S5 (paging) and S6 (conversation list), seeded straight into the
// server's own schema with generate_series:
//   - one conversation whose active branch is a chain of N messages (each message's parent is the
//     previous one, created_at increasing, alternating user/assistant, status complete), so a
//     page can be asked for at any depth;
//   - 10,000 conversations of the benchmark user (5 pinned), and on PostgreSQL 100,000 more
//     spread over 1,000 other users, so the list's index has neighbours to skip.
// On PostgreSQL the seeded database is kept between runs (it takes a minute for 1M messages) and
// reused while the migrations and sizes match (marker in the database comment); --reseed rebuilds it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { login, prepareAccount, waitForModel } from './account.mjs';
import { expectJson } from './client.mjs';
import * as pgLib from './pg.mjs';
import { ROOT } from './proc.mjs';

export const HISTORY_CONVERSATION_ID = '5e5e5e5e-0000-4000-8000-000000000001';
export const EMAIL = 'history@bench.local';
export const PASSWORD = 'bench-password-123';

/** The id of the g-th message of the chain (1 = oldest), the same formula as the SQL below. */
export function messageId(g) {
  const h = createHash('md5').update(`m${g}`).digest('hex');
  const x = `${h.slice(0, 12)}4${h.slice(13, 16)}8${h.slice(17)}`;
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The server's keyset cursor for a message (documented as opaque; the benchmark builds it to jump deep). */
export const cursorOf = (id) => Buffer.from(`m:${id}`).toString('base64url');

/** Progress on one line in a terminal, one line per step in a log. */
const progressLine = (label) => (s) => {
  if (process.stdout.isTTY) process.stdout.write(`\r  ${label}: ${s}            `);
  else console.log(`  ${label}: ${s}`);
};
const progressEnd = (text) => (process.stdout.isTTY ? process.stdout.write(`\n${text}\n`) : console.log(text));

const uuidOf = (expr) => `overlay(overlay(md5('m' || (${expr})) placing '4' from 13) placing '8' from 17)::uuid`;

async function seed(db, { userId, messages, ownConversations, otherConversations, progress }) {
  await db.query(
    `insert into conversations (id, user_id, title, model_id, created_at, updated_at, last_message_at)
     values ($1, $2, 'One long conversation', 'bench/fast', timestamptz '2025-01-01', now(), now())
     on conflict (id) do nothing`,
    [HISTORY_CONVERSATION_ID, userId],
  );
  const chunk = 100_000;
  for (let from = 1; from <= messages; from += chunk) {
    const to = Math.min(messages, from + chunk - 1);
    await db.query(
      `insert into messages (id, conversation_id, parent_id, role, content, status, model_id, created_at, updated_at)
       select ${uuidOf('g')}, $1::uuid,
              case when g = 1 then null else ${uuidOf('g - 1')} end,
              case when g % 2 = 1 then 'user' else 'assistant' end,
              'Message ' || g || ': ' || repeat('lorem ipsum dolor sit amet ', 1 + g % 12),
              'complete',
              case when g % 2 = 0 then 'bench/fast' end,
              timestamptz '2025-01-01' + g * interval '1 second',
              timestamptz '2025-01-01' + g * interval '1 second'
       from generate_series($2::int, $3::int) g`,
      [HISTORY_CONVERSATION_ID, from, to],
    );
    progress?.(`messages ${to.toLocaleString('en')} / ${messages.toLocaleString('en')}`);
  }
  await db.query(`update conversations set active_leaf_id = ${uuidOf('$2::int')} where id = $1`, [HISTORY_CONVERSATION_ID, messages]);
  await db.query(
    `insert into conversations (user_id, title, model_id, is_pinned, created_at, updated_at, last_message_at)
     select $1, 'Conversation ' || g, 'bench/fast', g > $2::int - 5,
            timestamptz '2025-06-01' + g * interval '1 minute', timestamptz '2025-06-01' + g * interval '1 minute',
            timestamptz '2025-06-01' + g * interval '1 minute'
     from generate_series(1, $2::int) g`,
    [userId, ownConversations],
  );
  if (otherConversations > 0) {
    await db.query(
      `insert into conversations (user_id, title, model_id, is_pinned, created_at, updated_at, last_message_at)
       select 'other-user-' || (g % 1000), 'Conversation ' || g, 'bench/fast', g % 50 = 0,
              timestamptz '2025-06-01' + g * interval '1 second', timestamptz '2025-06-01' + g * interval '1 second',
              timestamptz '2025-06-01' + g * interval '1 second'
       from generate_series(1, $1::int) g`,
      [otherConversations],
    );
  }
  progress?.(`conversations ${ownConversations.toLocaleString('en')} + ${otherConversations.toLocaleString('en')}`);
  await db.query('analyze');
}

function migrationsHash() {
  return createHash('sha256').update(readFileSync(path.join(ROOT, 'apps/server/drizzle/meta/_journal.json'))).digest('hex').slice(0, 12);
}

/**
 * The PostgreSQL data set, seeded or reused; returns a started server, the account and sizes.
 * Shared by S5 and S6 within one run.
 */
export async function postgresHistory(ctx) {
  return ctx.shared('history-postgres', async () => {
    const messages = ctx.quick ? 100_000 : 1_000_000;
    const ownConversations = 10_000;
    const otherConversations = ctx.quick ? 20_000 : 100_000;
    const name = ctx.quick ? 'mana_bench_history_quick' : 'mana_bench_history';
    const marker = `mana-bench seed v1 ${migrationsHash()} ${messages} ${ownConversations} ${otherConversations}`;
    const url = pgLib.urlFor(name);
    let reuse = false;
    if (!ctx.args.reseed && (await pgLib.databaseExists(name))) {
      const p = pgLib.pool(url, 1);
      const comment = (await p.query('select shobj_description(oid, $1) as c from pg_database where datname = $2', ['pg_database', name])).rows[0]?.c;
      await p.end();
      reuse = comment === marker;
    }
    if (!reuse) await pgLib.createDatabase(name);
    const server = await ctx.startServer({ name: 'history-postgres', db: { kind: 'postgres', url }, shared: true });
    let token;
    let userId;
    if (reuse) {
      const t = await login(server, EMAIL, PASSWORD);
      token = t.accessToken;
      userId = t.user.id;
      await waitForModel(server, token);
      console.log(`  reusing the seeded PostgreSQL data set ${name} (${messages.toLocaleString('en')} messages; --reseed rebuilds it)`);
    } else {
      const t = await expectJson(server.port, 'POST', '/api/v1/auth/register', { body: { email: EMAIL, password: PASSWORD, name: 'History' } });
      token = t.accessToken;
      userId = t.user.id;
      await waitForModel(server, token);
      const started = Date.now();
      const p = pgLib.pool(url, 1);
      await seed(p, { userId, messages, ownConversations, otherConversations, progress: progressLine('seeding PostgreSQL') });
      await p.query(`comment on database ${name} is '${marker}'`);
      await p.end();
      progressEnd(`  seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    return { server, token, userId, url, messages, ownConversations, otherConversations, db: 'PostgreSQL' };
  });
}

/** Where S5 reads pages: `before` cursors at these distances from the newest message, and `after` cursors. */
export function positions(messages) {
  const unique = (list) => [...new Set(list)].filter((p) => p >= 0 && p < messages - 100).sort((a, b) => a - b);
  return {
    before: unique([0, 10_000, Math.floor(messages / 2), messages - 1_000]),
    after: unique([1_000, 50_000, Math.floor(messages / 2)]),
  };
}
export const LIST_OFFSETS = [0, 5_000, 9_980];

/** The OFFSET baseline: the same 50 messages as the `before` page at `position`, by OFFSET. */
export const OFFSET_PAGE_SQL = 'select * from messages where conversation_id = $1 order by created_at desc, id desc offset $2 limit 50';
/** The conversation list's two queries (page and total), as the repository runs them. */
export const LIST_SQL = [
  'select * from conversations where user_id = $1 and is_archived = false and space_id is null order by is_pinned desc, last_message_at desc, id desc limit 20 offset $2',
  'select count(*) from conversations where user_id = $1 and is_archived = false and space_id is null',
];

/** Times `fn` until `count` samples or `budgetMs` (at least `min` samples). */
/** Times `fn` `count` times (within a budget); a number it returns is taken as its own timing (ms). */
export async function sample(fn, { count, budgetMs = 8_000, min = 10 }) {
  const out = [];
  const started = performance.now();
  while (out.length < count && (out.length < min || performance.now() - started < budgetMs)) {
    const t0 = performance.now();
    const own = await fn();
    out.push(typeof own === 'number' ? own : performance.now() - t0);
  }
  return out;
}

/**
 * A smaller PGlite data set, seeded with the bench's own PGlite while the server is stopped. The
 * SQL baselines are measured on that in-process PGlite before the server starts on the same files.
 */
export async function pgliteHistory(ctx) {
  return ctx.shared('history-pglite', async () => {
    const messages = ctx.quick ? 20_000 : 200_000;
    const ownConversations = 10_000;
    const db = ctx.pglite('history');
    let server = await ctx.startServer({ name: 'history-pglite-setup', db });
    const account = await prepareAccount(server, 'history');
    await server.stop();
    const { PGlite } = await import('@electric-sql/pglite');
    const lite = new PGlite(path.join(db.dataDir, 'pglite'));
    const started = Date.now();
    await seed(lite, { userId: account.userId, messages, ownConversations, otherConversations: 0, progress: progressLine('seeding PGlite') });
    progressEnd(`  seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const count = ctx.quick ? 30 : 150;
    const sql = { offset: {}, list: {} };
    for (const p of positions(messages).before) {
      await lite.query(OFFSET_PAGE_SQL, [HISTORY_CONVERSATION_ID, p + 1]);
      sql.offset[p] = await sample(() => lite.query(OFFSET_PAGE_SQL, [HISTORY_CONVERSATION_ID, p + 1]), { count });
    }
    for (const o of LIST_OFFSETS) {
      await lite.query(LIST_SQL[0], [account.userId, o]);
      sql.list[o] = await sample(async () => {
        await lite.query(LIST_SQL[0], [account.userId, o]);
        await lite.query(LIST_SQL[1], [account.userId]);
      }, { count });
    }
    await lite.close();
    server = await ctx.startServer({ name: 'history-pglite', db, shared: true });
    await waitForModel(server, account.token);
    return { server, token: account.token, userId: account.userId, messages, ownConversations, otherConversations: 0, db: 'PGlite', sql };
  });
}
