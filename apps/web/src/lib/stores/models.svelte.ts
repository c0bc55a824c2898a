import { BUILTIN_ECHO_MODEL_ID, type AiModel } from '@mana/contracts';
import type { ManaClient } from '@mana/client';

/** The model catalog (loaded once per session; the server caches it for 5 minutes anyway). */
export class ModelStore {
  items = $state.raw<AiModel[]>([]);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state.raw<unknown>(null);
  private loading: Promise<void> | null = null;

  constructor(private readonly client: () => ManaClient) {}

  load(force = false): Promise<void> {
    if (!force && (this.status === 'ready' || this.loading)) return this.loading ?? Promise.resolve();
    this.status = this.items.length ? this.status : 'loading';
    this.loading = this.client()
      .models()
      .then((list) => {
        this.items = sortModels(list.items);
        this.status = 'ready';
        this.error = null;
      })
      .catch((error) => {
        this.error = error;
        if (!this.items.length) this.status = 'error';
      })
      .finally(() => (this.loading = null));
    return this.loading;
  }

  get(id: string | null | undefined): AiModel | undefined {
    return id ? this.items.find((m) => m.id === id) : undefined;
  }

  /** The model a new chat starts with: the user's choice, else the server's default, else the offline one. */
  defaultFor(preferred: string | null): string {
    if (preferred && (this.status !== 'ready' || this.get(preferred))) return preferred;
    return this.items.find((m) => m.isDefault)?.id ?? this.items[0]?.id ?? BUILTIN_ECHO_MODEL_ID;
  }
}

/** Offline model first, then by provider and name. */
export function sortModels(models: AiModel[]): AiModel[] {
  const rank = (m: AiModel) => (m.provider === 'builtin' ? 0 : m.provider === 'openai-compatible' ? 1 : 2);
  return [...models].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** Case-insensitive search over id, name, provider and description; every word must match. */
export function filterModels(models: AiModel[], query: string): AiModel[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return models;
  return models.filter((m) => {
    const haystack = `${m.id} ${m.name} ${m.provider} ${m.description ?? ''}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

export const isOfflineModel = (m: Pick<AiModel, 'provider'> | undefined) => m?.provider === 'builtin';
