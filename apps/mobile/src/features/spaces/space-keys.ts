/** Query keys of the spaces feature; invalidate through these after every write. */
export const spaceKeys = {
  all: ['spaces'] as const,
  list: () => [...spaceKeys.all, 'list'] as const,
  invitations: () => [...spaceKeys.all, 'invitations'] as const,
  detail: (id: string) => [...spaceKeys.all, 'detail', id] as const,
  members: (id: string) => [...spaceKeys.all, 'members', id] as const,
};
