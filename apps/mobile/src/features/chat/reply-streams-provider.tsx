import NetInfo from '@react-native-community/netinfo';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { AppState } from 'react-native';
import { useSession } from '@/features/auth/session';
import { conversationKeys } from '@/features/conversations/conversation-keys';
import { usageKeys } from '@/features/usage/usage-keys';
import { chatKeys } from './chat-keys';
import { insertTurn, type MessagePages } from './message-cache';
import { ReplyStreams, type LiveReply } from './reply-streams';

const ReplyStreamsContext = createContext<ReplyStreams | null>(null);

/** One reply store per signed-in user, alive across screens; disposed on sign-out. */
export function ReplyStreamsProvider({ children, retryDelaysMs }: { children: ReactNode; retryDelaysMs?: readonly number[] }) {
  const { client, session } = useSession();
  const queryClient = useQueryClient();
  const clientRef = useRef(client);
  clientRef.current = client;
  const userId = session.status === 'signedIn' ? session.user.id : null;

  const streams = useMemo(
    () =>
      new ReplyStreams({
        client: () => clientRef.current,
        retryDelaysMs,
        isForeground: () => AppState.currentState !== 'background',
        onMessages: (conversationId, data) => {
          queryClient.setQueryData<MessagePages>(chatKeys.messages(conversationId), (pages) => insertTurn(pages, data));
        },
        onSettled: (conversationId) => {
          void queryClient.invalidateQueries({ queryKey: chatKeys.messages(conversationId) });
          void queryClient.invalidateQueries({ queryKey: conversationKeys.all });
          void queryClient.invalidateQueries({ queryKey: usageKeys.all });
        },
      }),
    // A new user gets a fresh store; the client is read through the ref so a new backend URL does not drop replies.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [userId, queryClient],
  );

  useEffect(() => () => streams.dispose(), [streams]);
  useResumeOnReturn(streams);

  return <ReplyStreamsContext.Provider value={streams}>{children}</ReplyStreamsContext.Provider>;
}

/** Coming back from the background or regaining the network re-attaches every unfinished reply. */
function useResumeOnReturn(streams: ReplyStreams) {
  useEffect(() => {
    let previous = AppState.currentState;
    const appState = AppState.addEventListener('change', (next) => {
      if (next === 'active' && previous === 'background') streams.resumeAll();
      previous = next;
    });
    let wasConnected: boolean | null = null;
    const unsubscribeNet = NetInfo.addEventListener((state) => {
      const connected = state.isConnected !== false;
      if (connected && wasConnected === false) streams.resumeAll();
      wasConnected = connected;
    });
    return () => {
      appState.remove();
      unsubscribeNet();
    };
  }, [streams]);
}

export function useReplyStreams(): ReplyStreams {
  const streams = useContext(ReplyStreamsContext);
  if (!streams) throw new Error('useReplyStreams outside ReplyStreamsProvider');
  return streams;
}

/** The live state of one reply; re-renders only when that reply changes. */
export function useLiveReply(messageId: string): LiveReply | undefined {
  const streams = useReplyStreams();
  return useSyncExternalStore(streams.subscribe, () => streams.get(messageId));
}
