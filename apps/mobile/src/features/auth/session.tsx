import { ManaClient, type FetchLike } from '@mana/client';
import type { AuthTokens, User } from '@mana/contracts';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { platformFetch } from '@/api/platform-fetch';
import { deviceStore as defaultStore, type DeviceStore } from '@/storage/device-store';

const SESSION_KEY = 'mana.session';

interface StoredSession {
  accessToken: string;
  refreshToken: string;
  user: User;
}

export type SessionStatus =
  | { status: 'loading' }
  | { status: 'signedOut'; expired: boolean }
  | { status: 'signedIn'; user: User };

interface SessionValue {
  session: SessionStatus;
  client: ManaClient;
  /** The fetch the client uses (expo/fetch on native), for one-off checks such as a server's health. */
  fetch: FetchLike;
  signIn: (input: { email: string; password: string }) => Promise<void>;
  signUp: (input: { email: string; password: string; name: string }) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

function parseStored(text: string | null): StoredSession | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<StoredSession>;
    return value.accessToken && value.refreshToken && value.user ? (value as StoredSession) : null;
  } catch {
    return null;
  }
}

/**
 * Owns the signed-in session: restores it from secure storage, keeps storage in step with every
 * token rotation (ManaClient refreshes silently on a 401) and signs out when the refresh fails.
 */
export function SessionProvider({
  backendUrl,
  children,
  fetch = platformFetch,
  store = defaultStore,
}: {
  backendUrl: string;
  children: ReactNode;
  fetch?: FetchLike;
  store?: DeviceStore;
}) {
  const [session, setSession] = useState<SessionStatus>({ status: 'loading' });
  const stored = useRef<StoredSession | null>(null);
  const signingOut = useRef(false);

  const onTokens = useCallback(
    (tokens: AuthTokens | null) => {
      if (tokens) {
        const next: StoredSession = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, user: tokens.user };
        stored.current = next;
        void store.setItem(SESSION_KEY, JSON.stringify(next)).catch(() => undefined);
        setSession({ status: 'signedIn', user: tokens.user });
      } else {
        const expired = stored.current !== null && !signingOut.current;
        stored.current = null;
        void store.removeItem(SESSION_KEY).catch(() => undefined);
        setSession({ status: 'signedOut', expired });
      }
    },
    [store],
  );

  const client = useMemo(
    () => new ManaClient({ baseUrl: backendUrl, fetch, tokens: stored.current, onTokens }),
    [backendUrl, fetch, onTokens],
  );

  useEffect(() => {
    let live = true;
    store
      .getItem(SESSION_KEY)
      .catch(() => null)
      .then((text) => {
        if (!live) return;
        const restored = parseStored(text);
        stored.current = restored;
        client.adoptTokens(restored);
        setSession(restored ? { status: 'signedIn', user: restored.user } : { status: 'signedOut', expired: false });
      });
    return () => {
      live = false;
    };
    // Restores once; later client swaps (a new backend URL) take the tokens from `stored`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      session,
      client,
      fetch,
      signIn: async (input) => {
        signingOut.current = false;
        await client.login(input);
      },
      signUp: async (input) => {
        signingOut.current = false;
        await client.register(input);
      },
      signOut: async () => {
        signingOut.current = true;
        await client.logout();
      },
    }),
    [session, client, fetch],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The API client of the current session (screens below the sign-in guard). */
export const useClient = () => useSession().client;
