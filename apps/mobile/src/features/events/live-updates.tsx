import NetInfo from '@react-native-community/netinfo';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { AppState } from 'react-native';
import { useSession } from '@/features/auth/session';
import { chatKeys } from '@/features/chat/chat-keys';
import { useReplyStreams } from '@/features/chat/reply-streams-provider';
import { conversationKeys } from '@/features/conversations/conversation-keys';
import { spaceKeys } from '@/features/spaces/space-keys';
import { applyChange } from './apply-change';
import { LiveEvents } from './live-events';

/**
 * Keeps one `GET /events` connection while signed in and the app is not in the background (the OS
 * would cut it there anyway), and folds every change into the caches and the reply store. Coming
 * back reconnects, and what may have been missed meanwhile is refetched.
 */
export function LiveUpdates({ retryDelaysMs }: { retryDelaysMs?: readonly number[] }) {
  const { client, session } = useSession();
  const queryClient = useQueryClient();
  const streams = useReplyStreams();
  const clientRef = useRef(client);
  clientRef.current = client;
  const delaysRef = useRef(retryDelaysMs);
  const userId = session.status === 'signedIn' ? session.user.id : null;

  useEffect(() => {
    if (!userId) return;
    const live = new LiveEvents({
      client: () => clientRef.current,
      retryDelaysMs: delaysRef.current,
      onEvent: (event) => applyChange({ queryClient, streams, client: () => clientRef.current }, event),
      onReconnected: () => {
        void queryClient.invalidateQueries({ queryKey: conversationKeys.all });
        void queryClient.invalidateQueries({ queryKey: chatKeys.all });
        void queryClient.invalidateQueries({ queryKey: spaceKeys.all });
      },
    });
    if (AppState.currentState !== 'background') live.start();
    const appState = AppState.addEventListener('change', (next) => {
      if (next === 'background') live.stop();
      else if (next === 'active') live.start();
    });
    const unsubscribeNet = NetInfo.addEventListener((state) => {
      if (state.isConnected !== false) live.retryNow();
    });
    return () => {
      appState.remove();
      if (typeof unsubscribeNet === 'function') unsubscribeNet();
      live.stop();
    };
    // A new server address (a new client) reconnects there.
  }, [userId, client, queryClient, streams]);

  return null;
}
