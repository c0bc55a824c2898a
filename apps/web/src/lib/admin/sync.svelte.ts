import type { ManaClient } from '@mana/client';
import type { ModelSyncDone, ModelSyncEvent } from '@mana/contracts';

/**
 * "Sync now" on the admin models tab: runs `POST /admin/models/sync` and keeps every progress event
 * as it arrives, so the page can show one line per step while the sync runs.
 */
export class ModelSyncStore {
  running = $state(false);
  events = $state.raw<ModelSyncEvent[]>([]);
  /** A failure of the request itself (not of a provider, which is an event). */
  error = $state.raw<unknown>(null);

  constructor(private readonly client: () => ManaClient) {}

  get done(): ModelSyncDone | null {
    return (this.events.find((e) => e.type === 'sync-done') as ModelSyncDone | undefined) ?? null;
  }

  /** Runs a sync; resolves with the final results (null when the request failed). */
  async run(): Promise<ModelSyncDone | null> {
    if (this.running) return null;
    this.running = true;
    this.events = [];
    this.error = null;
    try {
      return await this.client().adminSyncModels((event) => (this.events = [...this.events, event]));
    } catch (error) {
      this.error = error;
      return null;
    } finally {
      this.running = false;
    }
  }
}
