// S4: idle GET /events connections (the per-user change feed a second device keeps open): resident
// memory per connection at 1,000 and 5,000, against a minimal node:http server holding the same
// number of idle event streams (the relay process). If the server has no /events route yet, the
// rows say "not available" rather than measuring something else.
import { prepareAccount, routeExists } from '../lib/account.mjs';
import { idleConnection } from '../lib/client.mjs';

export const id = 'S4';
export const title = 'Idle /events connections: memory per connection';

const KB = 1.024;
const settle = (ms) => new Promise((r) => setTimeout(r, ms));

async function holdIdle({ port, token, count, proc }) {
  await proc.harness('gc').catch(() => undefined);
  await settle(300);
  const before = proc.rssKiB();
  const open = [];
  let failed = 0;
  for (let k = 0; k < count; k += 100) {
    const batch = await Promise.allSettled(Array.from({ length: Math.min(100, count - k) }, () => idleConnection(port, '/api/v1/events', token)));
    for (const b of batch) {
      if (b.status === 'fulfilled' && b.value.status === 200) open.push(b.value);
      else {
        failed++;
        if (b.status === 'fulfilled') b.value.close();
      }
    }
  }
  await settle(1500);
  await proc.harness('gc').catch(() => undefined);
  await settle(500);
  const after = proc.rssKiB();
  for (const c of open) c.close();
  await settle(1000);
  return { perConnectionKB: ((after - before) / Math.max(1, open.length)) * KB, open: open.length, failed, before, after };
}

export async function run(ctx) {
  const levels = ctx.quick ? [1000] : [1000, 5000];
  const server = await ctx.startServer({ name: 's4', db: ctx.pglite('s4') });
  const account = await prepareAccount(server, 's4');
  const available = await routeExists(server, account.token, 'GET', '/api/v1/events');
  if (!available) {
    for (const count of levels) ctx.row({ metric: `memory per idle /events connection, ${count}`, unit: 'kB', skipped: 'not available (no GET /events route in this build)', target: { op: '<=', value: 32, on: 'ours' } });
    ctx.note('S4: GET /api/v1/events answered 404 in this build, so idle-connection memory was not measured.');
    await server.stop();
    return;
  }
  // Warm the route once so lazily created state is not counted per connection.
  await holdIdle({ port: server.port, token: account.token, count: 50, proc: server });
  await holdIdle({ port: ctx.relay.port, token: 'x', count: 50, proc: ctx.relay });
  for (const count of levels) {
    const ours = await holdIdle({ port: server.port, token: account.token, count, proc: server });
    const relay = await holdIdle({ port: ctx.relay.port, token: 'x', count, proc: ctx.relay });
    ctx.row({
      metric: `memory per idle /events connection, ${count}`,
      unit: 'kB',
      ours: ours.perConnectionKB,
      relay: relay.perConnectionKB,
      ratio: ours.perConnectionKB / relay.perConnectionKB,
      target: { op: '<=', value: 32, on: 'ours' },
      pass: ours.failed > 0 ? false : undefined,
      note: `RSS ${(ours.before / 1024).toFixed(0)} → ${(ours.after / 1024).toFixed(0)} MiB; ${ours.open} open${ours.failed ? `, ${ours.failed} refused` : ''}`,
    });
  }
  await server.stop();
}
