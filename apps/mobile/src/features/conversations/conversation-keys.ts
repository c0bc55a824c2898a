/** Query keys of the conversation list feature; invalidate through these after every write. */
export const conversationKeys = {
  all: ['conversations'] as const,
  lists: () => [...conversationKeys.all, 'list'] as const,
  list: (archived: boolean) => [...conversationKeys.lists(), { archived }] as const,
  detail: (id: string) => [...conversationKeys.all, 'detail', id] as const,
  search: (query: string) => [...conversationKeys.all, 'search', query] as const,
};
