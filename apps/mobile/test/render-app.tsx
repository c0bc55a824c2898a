import { QueryClient } from '@tanstack/react-query';
import { renderRouter } from 'expo-router/testing-library';
import { AppProviders } from '@/app-shell/app-providers';
import { RootNavigator } from '@/app-shell/root-layout';
import SignInScreen from '@/features/auth/sign-in-screen';
import SignUpScreen from '@/features/auth/sign-up-screen';
import ChatScreen from '@/features/chat/chat-screen';
import ConversationListScreen from '@/features/conversations/conversation-list-screen';
import ModelPickerScreen from '@/features/models/model-picker-screen';
import { defaultPreferences, type Preferences } from '@/features/settings/preferences';
import SettingsScreen from '@/features/settings/settings-screen';
import SpaceScreen from '@/features/spaces/space-screen';
import SpacesScreen from '@/features/spaces/spaces-screen';
import TemplatesScreen from '@/features/templates/templates-screen';
import UsageScreen from '@/features/usage/usage-screen';
import { idleStream, json, makeTokens, models, stream, type FakeApi } from './fake-api';
import { secureValues } from './mocks/secure-store';

/** Routes every screen test needs; tests add their own on top (and replace the fallbacks with `on`/`once`). */
export function withDefaults(api: FakeApi): FakeApi {
  api.on('GET', '/chat/models', json(200, { items: models }));
  // The live-changes connection every signed-in app keeps, quiet unless a test speaks on it.
  api.fallback('GET', '/events', () => stream(idleStream()));
  api.fallback('GET', '/spaces/invitations', json(200, { items: [] }));
  return api;
}

export function signInAs(tokens = makeTokens()) {
  secureValues.set('mana.session', JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, user: tokens.user }));
}

/** Renders the real route tree (same screens as app/) around a fake API. */
export function renderApp(api: FakeApi, { initialUrl = '/', preferences = {} }: { initialUrl?: string; preferences?: Partial<Preferences> } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 30_000, gcTime: Infinity }, mutations: { retry: 0 } } });
  const initialPreferences: Preferences = { ...defaultPreferences(), backendUrl: api.baseUrl, theme: 'light', language: 'en', ...preferences };
  function Layout() {
    return (
      <AppProviders fetch={api.fetch} initialPreferences={initialPreferences} queryClient={queryClient} retryDelaysMs={[5, 10, 20]}>
        <RootNavigator />
      </AppProviders>
    );
  }
  const result = renderRouter(
    {
      _layout: Layout,
      index: ConversationListScreen,
      'sign-in': SignInScreen,
      'sign-up': SignUpScreen,
      'chat/[id]': ChatScreen,
      models: ModelPickerScreen,
      templates: TemplatesScreen,
      settings: SettingsScreen,
      usage: UsageScreen,
      'spaces/index': SpacesScreen,
      'spaces/[id]': SpaceScreen,
    },
    { initialUrl },
  );
  return { ...result, queryClient };
}

beforeEach(() => {
  secureValues.clear();
});
