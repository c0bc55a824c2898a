import { Stack } from 'expo-router';
import { StatusBar } from 'expo-status-bar';
import { ActivityIndicator, View } from 'react-native';
import { useSession } from '@/features/auth/session';
import { usePalette } from '@/theme/theme';
import { AppProviders } from './app-providers';

export default function RootLayout() {
  return (
    <AppProviders>
      <RootNavigator />
    </AppProviders>
  );
}

/** Signed-out people see only the auth screens and settings (to point the app at their server). */
export function RootNavigator() {
  const { session } = useSession();
  const palette = usePalette();
  if (session.status === 'loading') {
    return (
      <View style={{ flex: 1, alignItems: 'center', justifyContent: 'center', backgroundColor: palette.background }}>
        <ActivityIndicator color={palette.accent} />
      </View>
    );
  }
  const signedIn = session.status === 'signedIn';
  return (
    <>
      <StatusBar style={palette.dark ? 'light' : 'dark'} />
      <Stack screenOptions={{ headerShown: false, contentStyle: { backgroundColor: palette.background } }}>
        <Stack.Protected guard={signedIn}>
          <Stack.Screen name="index" />
          <Stack.Screen name="chat/[id]" />
          <Stack.Screen name="models" options={{ presentation: 'modal' }} />
          <Stack.Screen name="templates" />
          <Stack.Screen name="usage" />
          <Stack.Screen name="spaces/index" />
          <Stack.Screen name="spaces/[id]" />
        </Stack.Protected>
        <Stack.Protected guard={!signedIn}>
          <Stack.Screen name="sign-in" />
          <Stack.Screen name="sign-up" />
        </Stack.Protected>
        <Stack.Screen name="settings" />
      </Stack>
    </>
  );
}
