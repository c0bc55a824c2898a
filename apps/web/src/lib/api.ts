import { ManaClient, type FetchLike } from '@mana/client';
import type { AuthTokens, User } from '@mana/contracts';
import { readJson, STORAGE_KEYS, writeJson } from './storage';

/** What survives a reload: the token pair and who it belongs to. */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  user: User;
}

export const loadStoredSession = (): StoredSession | null => {
  const s = readJson<StoredSession>(STORAGE_KEYS.session);
  return s?.accessToken && s.refreshToken && s.user ? s : null;
};

export const saveStoredSession = (tokens: AuthTokens | null): void =>
  writeJson(STORAGE_KEYS.session, tokens ? { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, user: tokens.user } : null);

/** The API origin: baked in from PUBLIC_BACKEND_URL, otherwise the origin that served this app. */
export function apiOrigin(): string {
  const configured = typeof __BACKEND_URL__ === 'string' ? __BACKEND_URL__ : '';
  return configured || globalThis.location?.origin || 'http://127.0.0.1:3002';
}

/**
 * Refreshing rotates the refresh token and the server revokes the whole family when an old one is
 * reused. Two tabs refreshing at once would do exactly that, so refreshes are serialised across tabs
 * with a Web Lock, and a tab that waited adopts the pair the other tab just stored instead of
 * sending its now-stale token.
 */
export function refreshAwareFetch(base: FetchLike = (input, init) => fetch(input, init)): FetchLike {
  return async (input, init) => {
    const locks = globalThis.navigator?.locks;
    if (!input.endsWith('/auth/refresh') || !locks) return base(input, init);
    return locks.request('mana-token-refresh', async () => {
      const sent = (JSON.parse(String(init?.body ?? '{}')) as { refreshToken?: string }).refreshToken;
      const stored = loadStoredSession();
      if (stored && sent && stored.refreshToken !== sent) {
        const body: AuthTokens = { ...stored, tokenType: 'Bearer', expiresIn: 0 };
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      }
      const response = await base(input, init);
      // Store before releasing the lock, so the next tab in line sees the rotated pair.
      if (response.ok) saveStoredSession((await response.clone().json()) as AuthTokens);
      return response;
    });
  };
}

type TokenListener = (tokens: AuthTokens | null) => void;
const tokenListeners = new Set<TokenListener>();

/** Subscribes to token changes (sign-in, silent refresh, sign-out, dead session). */
export function onTokens(listener: TokenListener): () => void {
  tokenListeners.add(listener);
  return () => tokenListeners.delete(listener);
}

/** The one API client of the app. */
export const api = new ManaClient({
  baseUrl: apiOrigin(),
  fetch: refreshAwareFetch(),
  tokens: loadStoredSession(),
  onTokens(tokens) {
    saveStoredSession(tokens);
    for (const listener of tokenListeners) listener(tokens);
  },
});
