import type { FetchLike } from '@mana/client';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { initialWindowMetrics, SafeAreaProvider } from 'react-native-safe-area-context';
import { SessionProvider, useSession } from '@/features/auth/session';
import { ReplyStreamsProvider } from '@/features/chat/reply-streams-provider';
import { LiveUpdates } from '@/features/events/live-updates';
import { PreferencesProvider, usePreferences, type Preferences } from '@/features/settings/preferences';
import { I18nProvider, resolveLanguage } from '@/i18n/i18n';
import type { DeviceStore } from '@/storage/device-store';
import { ThemeProvider } from '@/theme/theme';
import { connectQueryLifecycle } from './query-lifecycle';

export interface AppProvidersProps {
  children: ReactNode;
  /** Injected by tests; the app uses expo/fetch on native and the browser's fetch on the web. */
  fetch?: FetchLike;
  store?: DeviceStore;
  initialPreferences?: Preferences;
  queryClient?: QueryClient;
  retryDelaysMs?: readonly number[];
}

// Where the native module is absent (tests) the provider would otherwise wait for a measurement forever.
const NO_INSETS = { frame: { x: 0, y: 0, width: 390, height: 844 }, insets: { top: 0, left: 0, right: 0, bottom: 0 } };

export const createQueryClient = () =>
  new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: 1 },
      mutations: { retry: 0 },
    },
  });

/** Everything a screen needs around it: preferences, theme, language, cache, session, live replies and changes. */
export function AppProviders({ children, fetch, store, initialPreferences, queryClient, retryDelaysMs }: AppProvidersProps) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  useEffect(() => connectQueryLifecycle(), []);
  return (
    <SafeAreaProvider initialMetrics={initialWindowMetrics ?? NO_INSETS}>
      <PreferencesProvider store={store} initial={initialPreferences}>
        <Themed>
          <QueryClientProvider client={client}>
            <SessionFromPreferences fetch={fetch} store={store}>
              <ClearCacheOnSignOut />
              <ReplyStreamsProvider retryDelaysMs={retryDelaysMs}>
                <LiveUpdates retryDelaysMs={retryDelaysMs} />
                {children}
              </ReplyStreamsProvider>
            </SessionFromPreferences>
          </QueryClientProvider>
        </Themed>
      </PreferencesProvider>
    </SafeAreaProvider>
  );
}

function Themed({ children }: { children: ReactNode }) {
  const { preferences } = usePreferences();
  return (
    <ThemeProvider preference={preferences.theme}>
      <I18nProvider language={resolveLanguage(preferences.language)}>{children}</I18nProvider>
    </ThemeProvider>
  );
}

function SessionFromPreferences({ children, fetch, store }: { children: ReactNode; fetch?: FetchLike; store?: DeviceStore }) {
  const { preferences } = usePreferences();
  return (
    <SessionProvider backendUrl={preferences.backendUrl} fetch={fetch} store={store}>
      {children}
    </SessionProvider>
  );
}

/** Nothing of one account stays in memory for the next. */
function ClearCacheOnSignOut() {
  const { session } = useSession();
  const queryClient = useQueryClient();
  const signedOut = session.status === 'signedOut';
  useEffect(() => {
    if (signedOut) queryClient.clear();
  }, [signedOut, queryClient]);
  return null;
}
