import type { Conversation } from '@mana/contracts';
import type { ManaClient } from '@mana/client';

const PAGE = 30;

/** Pinned first, then the most recent: the order the server lists them in. */
export function byPinnedThenRecent(a: Conversation, b: Conversation): number {
  if (a.isPinned !== b.isPinned) return a.isPinned ? -1 : 1;
  return b.lastMessageAt.localeCompare(a.lastMessageAt) || b.createdAt.localeCompare(a.createdAt);
}

class ConversationPager {
  items = $state.raw<Conversation[]>([]);
  total = $state(0);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state.raw<unknown>(null);
  loadingMore = $state(false);
  /** How far into the server's list we have read (kept in step with local inserts and removals). */
  private offset = 0;

  constructor(
    private readonly client: () => ManaClient,
    readonly archived: boolean,
    /** A space's conversations instead of the personal ones. */
    readonly spaceId: string | null = null,
  ) {}

  get hasMore(): boolean {
    return this.items.length < this.total;
  }

  async load() {
    this.status = this.items.length ? this.status : 'loading';
    try {
      const page = await this.client().listConversations({ limit: PAGE, offset: 0, archived: this.archived, spaceId: this.spaceId ?? undefined });
      this.items = page.items;
      this.total = page.total;
      this.offset = page.items.length;
      this.status = 'ready';
      this.error = null;
    } catch (error) {
      this.error = error;
      this.status = 'error';
    }
  }

  async loadMore() {
    if (this.loadingMore || !this.hasMore || this.status !== 'ready') return;
    this.loadingMore = true;
    try {
      const page = await this.client().listConversations({ limit: PAGE, offset: this.offset, archived: this.archived, spaceId: this.spaceId ?? undefined });
      const known = new Set(this.items.map((c) => c.id));
      this.items = [...this.items, ...page.items.filter((c) => !known.has(c.id))];
      this.total = page.total;
      this.offset += page.items.length;
    } catch (error) {
      this.error = error;
    } finally {
      this.loadingMore = false;
    }
  }

  put(conversation: Conversation) {
    const exists = this.items.some((c) => c.id === conversation.id);
    if (!exists) {
      this.total += 1;
      this.offset += 1;
    }
    this.items = [...this.items.filter((c) => c.id !== conversation.id), conversation].sort(byPinnedThenRecent);
  }

  drop(id: string) {
    if (!this.items.some((c) => c.id === id)) return;
    this.items = this.items.filter((c) => c.id !== id);
    this.total = Math.max(0, this.total - 1);
    this.offset = Math.max(0, this.offset - 1);
  }
}

/** The sidebar: active conversations (pinned + recent, paged on scroll) and the archive; personal or one space's. */
export class ConversationListStore {
  readonly active: ConversationPager;
  readonly archive: ConversationPager;

  constructor(
    private readonly client: () => ManaClient,
    readonly spaceId: string | null = null,
  ) {
    this.active = new ConversationPager(client, false, spaceId);
    this.archive = new ConversationPager(client, true, spaceId);
  }

  get pinned(): Conversation[] {
    return this.active.items.filter((c) => c.isPinned);
  }

  get recent(): Conversation[] {
    return this.active.items.filter((c) => !c.isPinned);
  }

  find(id: string): Conversation | undefined {
    return this.active.items.find((c) => c.id === id) ?? this.archive.items.find((c) => c.id === id);
  }

  /** Puts a created or changed conversation where it belongs. */
  upsert(conversation: Conversation) {
    if (conversation.isArchived) {
      this.active.drop(conversation.id);
      if (this.archive.status !== 'idle') this.archive.put(conversation);
    } else {
      this.archive.drop(conversation.id);
      this.active.put(conversation);
    }
  }

  remove(id: string) {
    this.active.drop(id);
    this.archive.drop(id);
  }

  /** Applies a change at once and on the server; puts it back if the server refuses. */
  async update(id: string, change: { title?: string; isPinned?: boolean; isArchived?: boolean }): Promise<Conversation> {
    const before = this.find(id);
    if (before) this.upsert({ ...before, ...change });
    try {
      const saved = await this.client().updateConversation(id, change);
      this.upsert(saved);
      return saved;
    } catch (error) {
      if (before) this.upsert(before);
      throw error;
    }
  }

  async delete(id: string) {
    const before = this.find(id);
    this.remove(id);
    try {
      await this.client().deleteConversation(id);
    } catch (error) {
      if (before) this.upsert(before);
      throw error;
    }
  }

  clear() {
    for (const pager of [this.active, this.archive]) {
      pager.items = [];
      pager.total = 0;
      pager.status = 'idle';
    }
  }
}
