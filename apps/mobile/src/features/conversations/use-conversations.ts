import type { Conversation, ConversationPage, UpdateConversationRequest } from '@mana/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useClient } from '@/features/auth/session';
import { chatKeys } from '@/features/chat/chat-keys';
import { conversationKeys } from './conversation-keys';

export const CONVERSATION_PAGE_SIZE = 30;

/**
 * One list (active or archived, or a space's active conversations), page by page; pinned
 * conversations come first from the server.
 */
export function useConversationList(archived: boolean, spaceId?: string) {
  const client = useClient();
  return useInfiniteQuery({
    queryKey: spaceId ? conversationKeys.spaceList(spaceId) : conversationKeys.list(archived),
    queryFn: ({ pageParam, signal }) =>
      client.request<ConversationPage>('GET', '/conversations', {
        query: { limit: CONVERSATION_PAGE_SIZE, offset: pageParam, archived, ...(spaceId ? { spaceId } : {}) },
        signal,
      }),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.offset + last.items.length < last.total ? last.offset + last.items.length : undefined),
  });
}

export function flattenConversations(data: InfiniteData<ConversationPage> | undefined): Conversation[] {
  if (!data) return [];
  const seen = new Set<string>();
  return data.pages.flatMap((page) => page.items).filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
}

export function useSearch(query: string) {
  const client = useClient();
  const q = query.trim();
  return useQuery({
    queryKey: conversationKeys.search(q),
    queryFn: ({ signal }) => client.search(q, signal),
    enabled: q.length > 0,
    placeholderData: (previous) => previous,
  });
}

export function useConversation(id: string | null) {
  const client = useClient();
  return useQuery({
    queryKey: conversationKeys.detail(id ?? 'none'),
    queryFn: () => client.getConversation(id!),
    enabled: id !== null,
  });
}

/** Rename, pin, archive, model: every list and the detail show the change at once. */
export function useUpdateConversation() {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateConversationRequest }) => client.updateConversation(id, patch),
    onSuccess: (conversation) => {
      queryClient.setQueryData(conversationKeys.detail(conversation.id), conversation);
      void queryClient.invalidateQueries({ queryKey: conversationKeys.all });
    },
  });
}

export function useDeleteConversation() {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => client.deleteConversation(id),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: conversationKeys.detail(id) });
      queryClient.removeQueries({ queryKey: chatKeys.messages(id) });
      void queryClient.invalidateQueries({ queryKey: conversationKeys.all });
    },
  });
}
