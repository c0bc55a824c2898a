import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from './config/config';
import { LOGGER, type Logger } from './common/logger';
import { DATABASE, DATABASE_HANDLE, type DatabaseHandle } from './db/database';
import { REDIS } from './infra/redis';
import { Lifecycle } from './lifecycle';

export interface CoreResources {
  config: AppConfig;
  logger: Logger;
  database: DatabaseHandle;
  redis: Redis | null;
}

/** Configuration, logger, database and Redis: made once in createApp and shared by every module. */
@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE_HANDLE) private readonly database: DatabaseHandle,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  static register(resources: CoreResources): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: resources.config },
      { provide: LOGGER, useValue: resources.logger },
      { provide: DATABASE_HANDLE, useValue: resources.database },
      { provide: DATABASE, useValue: resources.database.db },
      { provide: REDIS, useValue: resources.redis },
    ];
    return { module: CoreModule, providers: [...providers, Lifecycle], exports: [...providers.map((p) => p.provide), Lifecycle] };
  }

  async onApplicationShutdown() {
    await this.database.close().catch(() => undefined);
    this.redis?.disconnect();
  }
}
