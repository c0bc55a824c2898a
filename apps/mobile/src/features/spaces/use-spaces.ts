import type { CreateSpaceRequest, InviteRequest, Space, SpaceInvitation, SpaceMember, UpdateSpaceRequest } from '@mana/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useClient } from '@/features/auth/session';
import { conversationKeys } from '@/features/conversations/conversation-keys';
import type { AssignableRole } from './space-roles';
import { spaceKeys } from './space-keys';

/** Spaces I am an accepted member of, with my role and the member count. */
export function useSpaces() {
  const client = useClient();
  return useQuery({
    queryKey: spaceKeys.list(),
    queryFn: async ({ signal }) => (await client.request<{ items: Space[] }>('GET', '/spaces', { signal })).items,
  });
}

/** Invitations waiting for my answer. */
export function useInvitations() {
  const client = useClient();
  return useQuery({
    queryKey: spaceKeys.invitations(),
    queryFn: async ({ signal }) => (await client.request<{ items: SpaceInvitation[] }>('GET', '/spaces/invitations', { signal })).items,
  });
}

/** One space with my role in it; `null` disables the query (a conversation outside any space). */
export function useSpace(id: string | null) {
  const client = useClient();
  return useQuery({
    queryKey: spaceKeys.detail(id ?? 'none'),
    queryFn: ({ signal }) => client.request<Space>('GET', `/spaces/${id}`, { signal }),
    enabled: id !== null,
  });
}

export function useMembers(spaceId: string, enabled = true) {
  const client = useClient();
  return useQuery({
    queryKey: spaceKeys.members(spaceId),
    queryFn: async ({ signal }) => (await client.request<{ items: SpaceMember[] }>('GET', `/spaces/${spaceId}/members`, { signal })).items,
    enabled,
  });
}

export function useCreateSpace() {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateSpaceRequest) => client.request<Space>('POST', '/spaces', { body: input }),
    onSuccess: (space) => {
      queryClient.setQueryData(spaceKeys.detail(space.id), space);
      void queryClient.invalidateQueries({ queryKey: spaceKeys.list() });
    },
  });
}

export function useUpdateSpace(spaceId: string) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateSpaceRequest) => client.request<Space>('PATCH', `/spaces/${spaceId}`, { body: input }),
    onSuccess: (space) => {
      queryClient.setQueryData(spaceKeys.detail(space.id), space);
      void queryClient.invalidateQueries({ queryKey: spaceKeys.list() });
    },
  });
}

/** Accept or decline an invitation; accepting adds the space to the list. */
export function useRespondToInvitation() {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ spaceId, accept }: { spaceId: string; accept: boolean }) =>
      client.request<{ status: 'accepted' | 'declined' }>('POST', `/spaces/${spaceId}/respond`, { body: { accept } }),
    onSuccess: (_, { spaceId }) => {
      queryClient.setQueryData<SpaceInvitation[]>(spaceKeys.invitations(), (items) => items?.filter((i) => i.spaceId !== spaceId));
      void queryClient.invalidateQueries({ queryKey: spaceKeys.invitations() });
      void queryClient.invalidateQueries({ queryKey: spaceKeys.list() });
    },
  });
}

/** Answers 202 `{ status: 'pending' }`, for an unknown email too (the server does not reveal accounts). */
export function useInvite(spaceId: string) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InviteRequest) => client.request<{ status: 'pending' }>('POST', `/spaces/${spaceId}/invite`, { body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: spaceKeys.members(spaceId) }),
  });
}

export function useChangeRole(spaceId: string) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: AssignableRole }) =>
      client.request<void>('PATCH', `/spaces/${spaceId}/members/${encodeURIComponent(userId)}`, { body: { role } }),
    onSuccess: (_, { userId, role }) => {
      queryClient.setQueryData<SpaceMember[]>(spaceKeys.members(spaceId), (items) => items?.map((m) => (m.userId === userId ? { ...m, role } : m)));
      void queryClient.invalidateQueries({ queryKey: spaceKeys.members(spaceId) });
    },
  });
}

export function useRemoveMember(spaceId: string) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => client.request<void>('DELETE', `/spaces/${spaceId}/members/${encodeURIComponent(userId)}`),
    onSuccess: (_, userId) => {
      queryClient.setQueryData<SpaceMember[]>(spaceKeys.members(spaceId), (items) => items?.filter((m) => m.userId !== userId));
      void queryClient.invalidateQueries({ queryKey: spaceKeys.members(spaceId) });
      void queryClient.invalidateQueries({ queryKey: spaceKeys.detail(spaceId) });
      void queryClient.invalidateQueries({ queryKey: spaceKeys.list() });
    },
  });
}

/** Leaving and deleting end the same way: the space leaves the list. */
function useGoneFromSpace() {
  const queryClient = useQueryClient();
  return (spaceId: string) => {
    // The open space screen still observes its detail and members; they are left to expire, not refetched (404).
    queryClient.setQueryData<Space[]>(spaceKeys.list(), (items) => items?.filter((s) => s.id !== spaceId));
    void queryClient.invalidateQueries({ queryKey: spaceKeys.list() });
    // A deleted space's conversations go back to their creators' own lists.
    void queryClient.invalidateQueries({ queryKey: conversationKeys.lists() });
  };
}

export function useLeaveSpace() {
  const client = useClient();
  const gone = useGoneFromSpace();
  return useMutation({
    mutationFn: (spaceId: string) => client.request<void>('POST', `/spaces/${spaceId}/leave`),
    onSuccess: (_, spaceId) => gone(spaceId),
  });
}

export function useDeleteSpace() {
  const client = useClient();
  const gone = useGoneFromSpace();
  return useMutation({
    mutationFn: (spaceId: string) => client.request<void>('DELETE', `/spaces/${spaceId}`),
    onSuccess: (_, spaceId) => gone(spaceId),
  });
}
