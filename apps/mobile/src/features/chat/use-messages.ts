import type { MessagePage } from '@mana/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useClient } from '@/features/auth/session';
import { chatKeys } from './chat-keys';

export const MESSAGE_PAGE_SIZE = 30;

/** The active branch of a conversation, newest page first; older pages load on scroll up. */
export function useMessages(conversationId: string | null) {
  const client = useClient();
  return useInfiniteQuery({
    queryKey: chatKeys.messages(conversationId ?? 'none'),
    queryFn: ({ pageParam, signal }) =>
      client.request<MessagePage>('GET', `/conversations/${conversationId}/messages`, {
        query: { limit: MESSAGE_PAGE_SIZE, before: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: conversationId !== null,
  });
}
