import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import type { ConversationPage } from '@mana/contracts';
import { LOGGER, type Logger } from '../../common/logger';
import { listenToChannel, REDIS } from '../../infra/redis';
import { type ConversationScope, EventBus } from '../events/event-bus';

/** A safety net only: every change that reaches a list clears it at once (see below). */
const CACHE_MS = 30_000;
const MAX_CACHED_LISTS = 10_000;
const MAX_PAGES_PER_LIST = 32;
const CHANNEL = 'mana:conversation-lists';
const EVERYONE = '*';

interface CachedList {
  /** Bumped by every change to the list, so a page read during a change is not kept. */
  generation: number;
  pages: Map<string, { at: number; page: ConversationPage }>;
}

/** One user's personal list, or one space's (the same for all its members, who are checked first). */
export const listKey = (scope: ConversationScope): string => (scope.spaceId ? `space:${scope.spaceId}` : `user:${scope.userId}`);

/**
 * The conversation list pages (DESIGN §8), so the sidebar's page and its `total` are not a page
 * query plus a `count(*)` over all of a user's conversations on every read.
 *
 * What clears a list: every change to one of its conversations — created, renamed, pinned,
 * archived, deleted, a message started or finished — goes out as a change event through the
 * EventBus, which tells this cache at once on the replica that made the change and, with Redis,
 * on every other replica as soon as the event arrives there (the moment devices hear of it too).
 * Changes that move or remove many conversations without an event each (a space or an account
 * deleted) clear every list everywhere (`forgetEveryone`). Searches (`q`) are never cached.
 */
@Injectable()
export class ConversationListCache implements OnModuleInit, OnApplicationShutdown {
  private readonly lists = new Map<string, CachedList>();
  private subscriber: Redis | null = null;
  /** Bumped when lists are dropped wholesale, for pages read meanwhile. */
  private epoch = 0;

  constructor(
    events: EventBus,
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    events.onConversationChange((scope) => this.forgetLocally(listKey(scope)));
  }

  onModuleInit() {
    if (!this.redis) return;
    this.subscriber = listenToChannel(
      this.redis,
      CHANNEL,
      (key) => this.forgetLocally(key),
      (err) => this.logger.warn({ err }, 'conversation list changes not subscribed yet'),
    );
  }

  onApplicationShutdown() {
    this.subscriber?.disconnect();
  }

  /** The cached page of the list, else `load()`'s, kept unless the list changed while it was read. */
  async page(list: string, page: string, load: () => Promise<ConversationPage>): Promise<ConversationPage> {
    const cachedList = this.lists.get(list);
    const cached = cachedList?.pages.get(page);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.page;
    const generation = cachedList?.generation ?? 0;
    const epoch = this.epoch;
    const loaded = await load();
    if (epoch === this.epoch && (this.lists.get(list)?.generation ?? 0) === generation) this.remember(list, page, loaded);
    return loaded;
  }

  /** A change that sends no event (e.g. an import): this list, on every replica. */
  forget(scope: ConversationScope): void {
    this.broadcast(listKey(scope));
  }

  /** A change no event tells each list about (a space or an account deleted): every list, everywhere. */
  forgetEveryone(): void {
    this.broadcast(EVERYONE);
  }

  private broadcast(list: string) {
    this.forgetLocally(list);
    if (!this.redis) return;
    void this.redis.publish(CHANNEL, list).catch((err) => this.logger.warn({ err }, 'conversation list change not broadcast'));
  }

  private forgetLocally(list: string) {
    if (list === EVERYONE) {
      this.epoch++;
      this.lists.clear();
      return;
    }
    const cached = this.lists.get(list);
    if (cached) {
      cached.generation++;
      cached.pages.clear();
    } else {
      // Remember the change itself, so a read of this list in flight is not kept.
      this.lists.set(list, { generation: 1, pages: new Map() });
      this.trim();
    }
  }

  private remember(list: string, page: string, loaded: ConversationPage) {
    let cached = this.lists.get(list);
    if (!cached) {
      this.lists.set(list, (cached = { generation: 0, pages: new Map() }));
      this.trim();
    }
    if (cached.pages.size >= MAX_PAGES_PER_LIST) cached.pages.delete(cached.pages.keys().next().value!);
    cached.pages.set(page, { at: Date.now(), page: loaded });
  }

  /** Drops the lists cached longest ago (a Map iterates in insertion order). */
  private trim() {
    if (this.lists.size <= MAX_CACHED_LISTS) return;
    // A dropped list's generation goes with it: keep no page that was being read meanwhile.
    this.epoch++;
    let excess = this.lists.size - MAX_CACHED_LISTS + MAX_CACHED_LISTS / 10;
    for (const oldest of this.lists.keys()) {
      if (excess-- <= 0) break;
      this.lists.delete(oldest);
    }
  }
}
