import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type Redis from 'ioredis';
import type { Health, Readiness } from '@mana/contracts';
import { DATABASE_HANDLE, type DatabaseHandle } from '../../db/database';
import { REDIS } from '../../infra/redis';
import { Lifecycle } from '../../lifecycle';
import { Public } from '../auth/auth.decorators';

const VERSION = process.env.npm_package_version ?? '0.1.0';
const CHECK_TIMEOUT_MS = 2_000;

async function timed(check: () => Promise<unknown>): Promise<Readiness['checks'][string]> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const running = check();
    // Whichever settles first decides; a late rejection of the check must not go unhandled.
    running.catch(() => undefined);
    await Promise.race([
      running,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATABASE_HANDLE) private readonly database: DatabaseHandle,
    @Inject(REDIS) private readonly redis: Redis | null,
    private readonly lifecycle: Lifecycle,
  ) {}

  @Get()
  live(): Health {
    return { status: 'ok', version: VERSION, uptimeS: Math.round(process.uptime()) };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const checks: Readiness['checks'] = { database: await timed(() => this.database.ping()) };
    if (this.redis) {
      const redis = this.redis;
      checks.redis = await timed(() => redis.ping());
    }
    if (this.lifecycle.draining) checks.shutdown = { ok: false, error: 'shutting down' };
    const ready = Object.values(checks).every((check) => check.ok);
    if (!ready) reply.status(503);
    return { ready, checks };
  }
}
