// S6: the conversation list (GET /conversations?limit=20&offset=…) of a user with 10,000
// conversations (PostgreSQL: among 110,000 of 1,001 users), first and deep pages, against the
// repository's own two queries (page + total) sent straight to the database. Pages are cached per
// list until a change to it (DESIGN §8), so each page is measured twice: read again (cached) and
// right after a change to the list (a rename, not timed), which is the database's work every time.
import { json, timed } from '../lib/client.mjs';
import { LIST_OFFSETS, LIST_SQL, pgliteHistory, postgresHistory, sample } from '../lib/history-data.mjs';
import * as pgLib from '../lib/pg.mjs';
import { median, p99 } from '../lib/stats.mjs';

export const id = 'S6';
export const title = 'Conversation list of a user with 10,000 conversations';

async function measure(ctx, data, sqlFor) {
  const count = ctx.quick ? 50 : 300;
  const headers = { accept: 'application/json', authorization: `Bearer ${data.token}` };
  const top = await json(data.server.port, 'GET', '/api/v1/conversations?limit=1', { token: data.token });
  const changed = top.body.items[0].id;
  let renames = 0;
  const change = () => json(data.server.port, 'PATCH', `/api/v1/conversations/${changed}`, { token: data.token, body: { title: `renamed ${++renames}` } });
  for (const offset of LIST_OFFSETS) {
    const path = `/api/v1/conversations?limit=20&offset=${offset}`;
    const first = await timed(data.server.port, 'GET', path, headers);
    const sql = await sqlFor(offset, count);
    for (const cached of [false, true]) {
      let errors = first.status === 200 ? 0 : 1;
      const api = await sample(async () => {
        if (!cached && (await change()).status !== 200) errors++;
        const r = await timed(data.server.port, 'GET', path, headers);
        if (r.status !== 200) errors++;
        return r.ms;
      }, { count });
      ctx.row({
        metric: `list page of 20 at offset ${offset.toLocaleString('en')}, ${cached ? 'read again (cached)' : 'after a change'}, ${data.db}`,
        unit: 'ms',
        ours: median(api),
        oursP99: p99(api),
        baseline: sql && { label: 'SQL', value: median(sql), p99: p99(sql) },
        added: sql ? median(api) - median(sql) : undefined,
        target: { op: '<=', value: 10, on: 'oursP99' },
        pass: errors ? false : undefined,
        note: errors ? `${errors} failed requests` : 'added = p50 over the same SQL (page + count)',
        n: api.length,
      });
    }
  }
}

export async function run(ctx) {
  if (ctx.pg.ok) {
    const data = await postgresHistory(ctx);
    const pool = pgLib.pool(data.url, 1);
    await measure(ctx, data, async (offset, count) => {
      const once = async () => {
        await pool.query(LIST_SQL[0], [data.userId, offset]);
        await pool.query(LIST_SQL[1], [data.userId]);
      };
      await once();
      return sample(once, { count });
    });
    await pool.end();
  } else ctx.warn(`S6: PostgreSQL not available (${ctx.pg.error})`);
  const lite = await pgliteHistory(ctx);
  await measure(ctx, lite, async (offset) => lite.sql.list[offset]);
}
