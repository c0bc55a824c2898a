// S5: paging a very long conversation through the API (keyset cursors), at shallow and deep
// positions, against an OFFSET query for the same 50 messages on the same data. PostgreSQL holds
// one conversation of 1,000,000 chained messages (100,000 in --quick); PGlite a smaller one
// (200,000; 20,000 in --quick), seeded while its server is stopped.
import { timed } from '../lib/client.mjs';
import { HISTORY_CONVERSATION_ID, OFFSET_PAGE_SQL, cursorOf, messageId, pgliteHistory, positions, postgresHistory, sample } from '../lib/history-data.mjs';
import * as pgLib from '../lib/pg.mjs';
import { median, p99 } from '../lib/stats.mjs';

export const id = 'S5';
export const title = 'History paging on a very long conversation';

const fmtPos = (p) => (p >= 1000 ? `${Math.round(p / 1000).toLocaleString('en')}k` : String(p));

async function apiSamples(server, token, query, count) {
  const headers = { accept: 'application/json', authorization: `Bearer ${token}` };
  const path = `/api/v1/conversations/${HISTORY_CONVERSATION_ID}/messages?${query}`;
  const first = await timed(server.port, 'GET', path, headers);
  const out = { ms: [], errors: 0, status: first.status };
  const ms = await sample(async () => {
    const r = await timed(server.port, 'GET', path, headers);
    if (r.status !== 200) out.errors++;
  }, { count, budgetMs: 15_000 });
  out.ms = ms;
  return out;
}

async function measure(ctx, data, sqlFor) {
  const { server, token, messages } = data;
  const count = ctx.quick ? 30 : 300;
  const pos = positions(messages);
  for (const p of pos.before) {
    const query = p === 0 ? 'limit=50' : `limit=50&before=${cursorOf(messageId(messages - p))}`;
    const api = await apiSamples(server, token, query, count);
    const offset = await sqlFor(p, count);
    ctx.row({
      metric: `page of 50 ${p === 0 ? 'newest' : `before, ${fmtPos(p)} back`}, ${data.db} ${(messages / 1e6).toFixed(messages < 1e6 ? 2 : 0)}M`,
      unit: 'ms',
      ours: median(api.ms),
      oursP99: p99(api.ms),
      baseline: offset && { label: 'OFFSET', value: median(offset), p99: p99(offset) },
      ratio: offset ? p99(api.ms) / p99(offset) : undefined,
      target: { op: '<=', value: 10, on: 'oursP99' },
      pass: api.errors || api.status !== 200 ? false : undefined,
      note: api.errors || api.status !== 200 ? `HTTP ${api.status}, ${api.errors} errors` : `ratio = p99 ours / p99 OFFSET`,
      n: api.ms.length,
    });
  }
  for (const p of pos.after) {
    const query = `limit=50&after=${cursorOf(messageId(messages - p))}`;
    const api = await apiSamples(server, token, query, Math.min(count, 60));
    const failed = api.errors > 0 || api.status !== 200;
    ctx.row({
      metric: `page of 50 after (newer), ${fmtPos(p)} back, ${data.db}`,
      unit: 'ms',
      ours: median(api.ms),
      oursP99: p99(api.ms),
      target: { op: '<=', value: 10, on: 'oursP99' },
      pass: failed ? false : undefined,
      note: failed ? `HTTP ${api.status} (${api.errors} of ${api.ms.length} failed)` : undefined,
      n: api.ms.length,
    });
  }
}

export async function run(ctx) {
  if (ctx.pg.ok) {
    const data = await postgresHistory(ctx);
    const pool = pgLib.pool(data.url, 1);
    await measure(ctx, data, async (p, count) => {
      await pool.query(OFFSET_PAGE_SQL, [HISTORY_CONVERSATION_ID, p + 1]);
      return sample(() => pool.query(OFFSET_PAGE_SQL, [HISTORY_CONVERSATION_ID, p + 1]), { count, budgetMs: 10_000 });
    });
    await pool.end();
  } else ctx.warn(`S5: PostgreSQL not available (${ctx.pg.error}); only the smaller PGlite data set is measured`);
  const lite = await pgliteHistory(ctx);
  await measure(ctx, lite, async (p) => lite.sql.offset[p]);
  ctx.note(`S5: pages are read with the server's own cursors, built from known message ids (base64url "m:<id>") to jump to a depth without paging there; OFFSET baseline = \`${OFFSET_PAGE_SQL}\` straight to the database (no HTTP, no auth).`);
}
