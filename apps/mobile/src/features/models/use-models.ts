import type { AiModel } from '@mana/contracts';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useClient } from '@/features/auth/session';
import { modelKeys } from './model-keys';

export function useModels() {
  const client = useClient();
  return useQuery({
    queryKey: modelKeys.all,
    queryFn: async () => (await client.models()).items,
    staleTime: 5 * 60_000,
  });
}

/** Model ids to display names (a message names the model that wrote it). */
export function useModelNames(): (id: string | null | undefined) => string {
  const { data } = useModels();
  const byId = useMemo(() => new Map((data ?? []).map((m: AiModel) => [m.id, m.name])), [data]);
  return (id) => (id ? (byId.get(id) ?? id.split('/').pop() ?? id) : '');
}
