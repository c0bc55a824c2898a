import NetInfo from '@react-native-community/netinfo';
import { focusManager, onlineManager } from '@tanstack/react-query';
import { AppState, Platform } from 'react-native';

/**
 * React Query knows browser focus and online events; on a phone the equivalents are AppState and
 * NetInfo. Coming back to the app refetches stale lists and chats, so changes made on another
 * device show up without pulling to refresh.
 */
export function connectQueryLifecycle(): () => void {
  if (Platform.OS === 'web') return () => undefined;
  focusManager.setEventListener((setFocused) => {
    const subscription = AppState.addEventListener('change', (state) => setFocused(state === 'active'));
    return () => subscription.remove();
  });
  onlineManager.setEventListener((setOnline) => NetInfo.addEventListener((state) => setOnline(state.isConnected !== false)));
  return () => {
    focusManager.setEventListener(() => () => undefined);
    onlineManager.setEventListener(() => () => undefined);
  };
}
