/** Query keys of the conversation list feature; invalidate through these after every write. */
export const conversationKeys = {
  all: ['conversations'] as const,
  lists: () => [...conversationKeys.all, 'list'] as const,
  list: (archived: boolean) => [...conversationKeys.lists(), { archived }] as const,
  /** The conversations of a space (every member's); a list too, so list invalidations reach it. */
  spaceList: (spaceId: string) => [...conversationKeys.lists(), 'space', spaceId] as const,
  detail: (id: string) => [...conversationKeys.all, 'detail', id] as const,
  search: (query: string) => [...conversationKeys.all, 'search', query] as const,
};
