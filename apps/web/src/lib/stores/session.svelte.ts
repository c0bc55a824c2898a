import type { ManaClient } from '@mana/client';
import type { AuthTokens, User } from '@mana/contracts';
import { AppError } from '@mana/contracts';
import { loadStoredSession, onTokens } from '../api';
import { STORAGE_KEYS } from '../storage';

export type SessionNotice = 'expired' | 'signed-out' | 'deleted' | 'disabled' | null;

/**
 * Who is signed in. The access token is refreshed by the client on a 401 without anyone noticing;
 * when even the refresh token is dead, the session ends with the `expired` notice and the layout
 * sends the user to sign-in.
 */
export class SessionStore {
  user = $state.raw<User | null>(null);
  notice = $state<SessionNotice>(null);
  private signingOut = false;

  constructor(
    private readonly client: ManaClient,
    subscribe: typeof onTokens = onTokens,
  ) {
    this.user = loadStoredSession()?.user ?? null;
    subscribe((tokens) => this.onTokens(tokens));
    globalThis.addEventListener?.('storage', (event: StorageEvent) => {
      if (event.key !== STORAGE_KEYS.session) return;
      // Another tab signed in, refreshed or signed out: follow it.
      const stored = loadStoredSession();
      this.client.adoptTokens(stored);
      if (!stored && this.user) {
        this.user = null;
        this.notice = 'signed-out';
      } else if (stored && stored.user.id !== this.user?.id) this.user = stored.user;
    });
  }

  get signedIn(): boolean {
    return this.user !== null;
  }

  async signIn(email: string, password: string) {
    await this.client.login({ email, password });
    this.notice = null;
  }

  async signUp(name: string, email: string, password: string) {
    await this.client.register({ name, email, password });
    this.notice = null;
  }

  async signOut() {
    this.signingOut = true;
    try {
      await this.client.logout();
    } finally {
      this.signingOut = false;
      this.user = null;
      this.notice = 'signed-out';
    }
  }

  /** Confirms the stored session with the server, refreshing an expired access token first. */
  async verify() {
    const user = this.user;
    if (!user) return;
    // Only a still-current session may be updated: the user may sign out while this is in flight.
    const adopt = (fresh: User) => {
      if (this.user?.id === fresh.id) this.user = fresh;
    };
    try {
      adopt(await this.client.me());
    } catch (error) {
      // An admin disabled the account: every request is refused (403) until it is enabled again.
      if (isAccountDisabled(error)) return this.user === user ? this.expire('disabled') : undefined;
      if (!(error instanceof AppError && error.code === 'UNAUTHORIZED') || this.user !== user) return;
      // The client does not refresh on /auth/* answers, so an expired access token lands here.
      if (!(await this.client.refreshSession())) return this.user === user ? this.expire() : undefined;
      try {
        adopt(await this.client.me());
      } catch {
        if (this.user === user) this.expire();
      }
    }
  }

  expire(notice: SessionNotice = 'expired') {
    this.client.adoptTokens(null);
    this.user = null;
    this.notice = notice;
  }

  private onTokens(tokens: AuthTokens | null) {
    if (tokens) {
      this.user = tokens.user;
      return;
    }
    if (this.signingOut) return;
    if (this.user) this.expire();
  }
}

/** The server's refusal of a disabled account: 403 with `details.reason: "account-disabled"`. */
export const isAccountDisabled = (error: unknown): boolean =>
  error instanceof AppError && error.code === 'FORBIDDEN' && (error.details as { reason?: string } | undefined)?.reason === 'account-disabled';
