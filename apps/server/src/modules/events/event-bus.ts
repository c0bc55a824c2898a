import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import type { ChangeEvent } from '@mana/contracts';
import { LOGGER, type Logger } from '../../common/logger';
import { listenToChannel, REDIS } from '../../infra/redis';
import { EventAudience } from './event-audience';

export type ChangeListener = (event: ChangeEvent) => void;

const CHANNEL = 'mana:events';

/**
 * Per-user change events. In one process they go straight to the listeners; with Redis every
 * replica publishes to one channel and delivers to its own listeners, so a device connected to any
 * replica hears about changes made through any other.
 */
@Injectable()
export class EventBus implements OnModuleInit, OnApplicationShutdown {
  private readonly listeners = new Map<string, Set<ChangeListener>>();
  private subscriber: Redis | null = null;

  constructor(
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audience: EventAudience,
  ) {}

  onModuleInit() {
    if (!this.redis) return;
    this.subscriber = listenToChannel(
      this.redis,
      CHANNEL,
      (payload) => {
        try {
          const { userId, event } = JSON.parse(payload) as { userId: string; event: ChangeEvent };
          this.deliver(userId, event);
        } catch (err) {
          this.logger.warn({ err }, 'bad event on the bus');
        }
      },
      (err) => this.logger.warn({ err }, 'event bus not subscribed yet'),
    );
  }

  onApplicationShutdown() {
    this.subscriber?.disconnect();
  }

  publish(userId: string, event: ChangeEvent): void {
    if (this.redis) {
      void this.redis.publish(CHANNEL, JSON.stringify({ userId, event })).catch((err) => {
        this.logger.warn({ err }, 'event publish failed');
      });
      return;
    }
    this.deliver(userId, event);
  }

  /**
   * A change to a conversation goes to everyone who can see it: its creator, and in a space every
   * accepted member.
   */
  publishToConversation(conversation: { userId: string; spaceId: string | null }, event: ChangeEvent): void {
    if (!conversation.spaceId) return this.publish(conversation.userId, event);
    void this.audience
      .membersOf(conversation.spaceId)
      .then((members) => {
        for (const userId of new Set([conversation.userId, ...members])) this.publish(userId, event);
      })
      .catch((err) => this.logger.warn({ err }, 'event audience unknown'));
  }

  subscribe(userId: string, listener: ChangeListener): () => void {
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (set!.size === 0) this.listeners.delete(userId);
    };
  }

  private deliver(userId: string, event: ChangeEvent) {
    const set = this.listeners.get(userId);
    if (!set) return;
    for (const listener of set) listener(event);
  }
}
