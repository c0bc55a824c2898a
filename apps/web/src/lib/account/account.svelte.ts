import type { ManaClient } from '@mana/client';
import type { Account } from '@mana/contracts';
import { api } from '../api';

/**
 * `GET /account` of the signed-in user: the profile page's data and whether to show the admin
 * pages. Loaded per user id, so a different user signing in in the same tab never sees the last
 * one's answer.
 */
export class AccountStore {
  data = $state.raw<Account | null>(null);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state.raw<unknown>(null);
  private loadedFor: string | null = null;
  private loading: { userId: string; promise: Promise<void> } | null = null;

  constructor(private readonly client: () => ManaClient) {}

  /** Whether the loaded account is `userId`'s and an admin. */
  isAdminFor(userId: string | null | undefined): boolean {
    return Boolean(userId && this.data?.id === userId && this.data.isAdmin);
  }

  /** Loads the account of `userId` unless it is loaded already (or `force`). */
  load(userId: string | null | undefined, force = false): Promise<void> {
    if (!userId) {
      this.clear();
      return Promise.resolve();
    }
    if (this.loading?.userId === userId) return this.loading.promise;
    if (!force && this.loadedFor === userId && this.status === 'ready') return Promise.resolve();
    if (this.loadedFor !== userId) this.data = null;
    this.status = this.data ? this.status : 'loading';
    const promise = this.client()
      .account()
      .then((account) => {
        if (this.loading?.userId !== userId) return;
        this.data = account;
        this.loadedFor = userId;
        this.status = 'ready';
        this.error = null;
      })
      .catch((error) => {
        if (this.loading?.userId !== userId) return;
        this.error = error;
        if (!this.data) this.status = 'error';
      })
      .finally(() => {
        if (this.loading?.userId === userId) this.loading = null;
      });
    this.loading = { userId, promise };
    return promise;
  }

  /** Adopts an answer of `PATCH /account` or `PUT /account/email`. */
  set(account: Account) {
    this.data = account;
    this.loadedFor = account.id;
    this.status = 'ready';
  }

  clear() {
    this.data = null;
    this.loadedFor = null;
    this.loading = null;
    this.status = 'idle';
    this.error = null;
  }
}

export const account = new AccountStore(() => api);
