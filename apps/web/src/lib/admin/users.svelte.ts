import type { ManaClient } from '@mana/client';
import type { ADMIN_USER_SORTS, AdminUser, UpdateAdminUserRequest } from '@mana/contracts';

export type AdminUserSort = (typeof ADMIN_USER_SORTS)[number];

/** The admin users tab: one page of accounts for a search and sort order, and changing them. */
export class AdminUsersStore {
  items = $state.raw<AdminUser[]>([]);
  total = $state(0);
  offset = $state(0);
  q = $state('');
  sort = $state<AdminUserSort>('newest');
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state.raw<unknown>(null);
  private request = 0;

  constructor(
    private readonly client: () => ManaClient,
    readonly limit = 25,
  ) {}

  get hasPrevious(): boolean {
    return this.offset > 0;
  }

  get hasNext(): boolean {
    return this.offset + this.items.length < this.total;
  }

  /** Loads the page at `offset` (default: the current one). A newer load wins over an older one. */
  async load(offset = this.offset) {
    const request = ++this.request;
    this.status = this.status === 'ready' ? 'ready' : 'loading';
    try {
      const page = await this.client().adminUsers({ q: this.q.trim() || undefined, sort: this.sort, limit: this.limit, offset });
      if (request !== this.request) return;
      this.items = page.items;
      this.total = page.total;
      this.offset = page.offset;
      this.status = 'ready';
      this.error = null;
    } catch (error) {
      if (request !== this.request) return;
      this.error = error;
      this.status = 'error';
    }
  }

  /** A new search or sort starts at the first page. */
  search(q: string, sort: AdminUserSort = this.sort) {
    this.q = q;
    this.sort = sort;
    return this.load(0);
  }

  next() {
    return this.load(this.offset + this.limit);
  }

  previous() {
    return this.load(Math.max(0, this.offset - this.limit));
  }

  /** Changes an account (disable, enable, spending limit) and shows the server's answer. */
  async update(id: string, change: UpdateAdminUserRequest): Promise<AdminUser> {
    const updated = await this.client().adminUpdateUser(id, change);
    this.items = this.items.map((u) => (u.id === id ? updated : u));
    return updated;
  }
}

/** The text of the limit field → the limit to send: empty is "no limit"; undefined when not a valid amount. */
export function parseSpendLimit(text: string): number | null | undefined {
  const trimmed = text.trim().replace(',', '.').replace(/^\$/, '');
  if (!trimmed) return null;
  if (!/^\d+(\.\d{0,2})?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value <= 1_000_000 ? value : undefined;
}
