import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { LOGGER, type Logger } from '../../common/logger';
import { listenToChannel, REDIS } from '../../infra/redis';
import { ModelsService } from '../models/models.service';

const CHANNEL = 'mana:models-changed';

/**
 * Every replica caches the active models for 5 minutes. When an admin changes one, this replica
 * drops its cache at once and, through Redis, so does every other.
 */
@Injectable()
export class ModelCatalogChanges implements OnModuleInit, OnApplicationShutdown {
  private subscriber: Redis | null = null;

  constructor(
    private readonly models: ModelsService,
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit() {
    if (!this.redis) return;
    // A change missed while Redis is away still shows when the 5-minute cache expires.
    this.subscriber = listenToChannel(
      this.redis,
      CHANNEL,
      () => this.models.forgetCache(),
      (err) => this.logger.warn({ err }, 'model changes not subscribed yet'),
    );
  }

  onApplicationShutdown() {
    this.subscriber?.disconnect();
  }

  async announce(): Promise<void> {
    this.models.forgetCache();
    if (!this.redis) return;
    void this.redis.publish(CHANNEL, '1').catch((err) => this.logger.warn({ err }, 'model change not broadcast'));
  }
}
