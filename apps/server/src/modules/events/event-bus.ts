import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import type { ChangeEvent } from '@mana/contracts';
import { LOGGER, type Logger } from '../../common/logger';
import { listenToChannel, REDIS } from '../../infra/redis';
import { EventAudience } from './event-audience';

export type ChangeListener = (event: ChangeEvent) => void;
/** Whose conversation changed: its creator's personal list, or its space's. */
export type ConversationScope = { userId: string; spaceId: string | null };
type Envelope = { userId: string; event: ChangeEvent; scope?: ConversationScope };

const CHANNEL = 'mana:events';

/**
 * Per-user change events. In one process they go straight to the listeners; with Redis every
 * replica publishes to one channel and delivers to its own listeners, so a device connected to any
 * replica hears about changes made through any other.
 */
@Injectable()
export class EventBus implements OnModuleInit, OnApplicationShutdown {
  private readonly listeners = new Map<string, Set<ChangeListener>>();
  private readonly conversationTaps: ((scope: ConversationScope) => void)[] = [];
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
          const { userId, event, scope } = JSON.parse(payload) as Envelope;
          if (scope) this.tap(scope);
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

  publish(userId: string, event: ChangeEvent, scope?: ConversationScope): void {
    if (this.redis) {
      const envelope: Envelope = scope ? { userId, event, scope } : { userId, event };
      void this.redis.publish(CHANNEL, JSON.stringify(envelope)).catch((err) => {
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
  publishToConversation(conversation: ConversationScope, event: ChangeEvent): void {
    // Caches of the conversation's list hear of it here at once; other replicas when the event arrives.
    const scope = { userId: conversation.userId, spaceId: conversation.spaceId };
    this.tap(scope);
    if (!scope.spaceId) return this.publish(scope.userId, event, scope);
    void this.audience
      .membersOf(scope.spaceId)
      .then((members) => {
        for (const userId of new Set([scope.userId, ...members])) this.publish(userId, event, scope);
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

  /** Every change to a conversation, made here or (with Redis) on another replica: for caches of lists. */
  onConversationChange(listener: (scope: ConversationScope) => void): void {
    this.conversationTaps.push(listener);
  }

  private tap(scope: ConversationScope) {
    for (const listener of this.conversationTaps) listener(scope);
  }

  private deliver(userId: string, event: ChangeEvent) {
    const set = this.listeners.get(userId);
    if (!set) return;
    for (const listener of set) listener(event);
  }
}
