import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  type AiModel,
  BUILTIN_ECHO_MODEL_ID,
  fail,
  type ModelSyncEvent,
  type ModelSyncResult,
  ok,
  type ProviderName,
  type Result,
} from '@mana/contracts';
import { LOGGER, type Logger } from '../../common/logger';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { ChatProvider } from '../providers/provider';
import { LOCAL_MODEL_PREFIX, ProviderRegistry, type ResolvedModel } from '../providers/provider-registry';
import { type AiModelRow, ModelsRepository } from './models.repository';

const CACHE_TTL_MS = 5 * 60_000;
/** The default with an OpenRouter key, when the catalog has it and nobody chose another. */
const PREFERRED_CLOUD_DEFAULT = 'openai/gpt-4o-mini';

export const toAiModel = (row: AiModelRow): AiModel => ({
  id: row.id,
  name: row.name,
  provider: row.provider,
  description: row.description,
  contextLength: row.contextLength,
  pricingInput: row.pricingInput,
  pricingOutput: row.pricingOutput,
  isActive: row.isActive,
  isDefault: row.isDefault,
});

/** The model catalog: seeded with the offline model, synced from the configured providers. */
@Injectable()
export class ModelsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private cache: { at: number; rows: AiModelRow[]; byId: Map<string, AiModelRow> } | null = null;
  private syncTimer: NodeJS.Timeout | undefined;
  /** Resolves when the start-up sync is over (whether or not it succeeded). */
  initialSync: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: ModelsRepository,
    private readonly providers: ProviderRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap() {
    await this.repository.replaceProviderModels({
      provider: 'builtin',
      models: (await this.catalogOf(this.providers.echo)) ?? [],
    });
    await this.chooseDefault();
    // Start-up never waits on a remote catalog: an unreachable upstream must not stop the app.
    this.initialSync = this.syncAll().then(() => undefined);
    if (this.providers.openRouter || this.providers.local) {
      this.syncTimer = setInterval(() => void this.syncAll(), this.config.MODEL_SYNC_INTERVAL_MS);
      this.syncTimer.unref();
    }
  }

  onApplicationShutdown() {
    clearInterval(this.syncTimer);
  }

  async list(): Promise<Result<{ items: AiModel[] }>> {
    return ok({ items: (await this.cached()).rows.map(toAiModel) });
  }

  /** An active model by id, from the cache (this is on every send's path). */
  async findActive(id: string): Promise<AiModelRow | null> {
    return (await this.cached()).byId.get(id) ?? null;
  }

  async defaultModel(): Promise<AiModelRow> {
    const { rows } = await this.cached();
    return rows.find((r) => r.isDefault) ?? rows.find((r) => r.id === BUILTIN_ECHO_MODEL_ID) ?? rows[0];
  }

  /** The model and the provider serving it, or a clear error. */
  async resolve(id: string): Promise<Result<{ model: AiModelRow } & ResolvedModel>> {
    const model = await this.findActive(id);
    if (!model) return fail('MODEL_UNAVAILABLE', `Model "${id}" is not available`);
    const resolved = this.providers.resolve(model);
    if (!resolved) return fail('MODEL_UNAVAILABLE', `Model "${id}" has no configured provider`);
    return ok({ model, ...resolved });
  }

  /** Syncs each configured provider's catalog in turn; `onProgress` hears each one start and end. */
  async syncAll(onProgress?: (event: ModelSyncEvent) => void): Promise<ModelSyncResult[]> {
    const results: ModelSyncResult[] = [];
    for (const [provider, name, prefix] of [
      [this.providers.openRouter, 'openrouter', ''],
      [this.providers.local, 'openai-compatible', LOCAL_MODEL_PREFIX],
    ] as const) {
      if (!provider) continue;
      onProgress?.({ type: 'provider-start', provider: name });
      const result = await this.syncProvider(provider, name, prefix);
      if (result.ok) results.push(result.value);
      onProgress?.(
        result.ok
          ? { type: 'provider-done', provider: name, synced: result.value.synced }
          : { type: 'provider-failed', provider: name, error: result.error.toJSON() },
      );
    }
    await this.chooseDefault();
    return results;
  }

  /** Drops the cached catalog, e.g. after an admin enabled, disabled or chose a default model. */
  forgetCache(): void {
    this.cache = null;
  }

  async syncProvider(provider: ChatProvider, name: ProviderName, prefix: string): Promise<Result<ModelSyncResult>> {
    const catalog = await this.catalogOf(provider, prefix);
    if (!catalog) return fail('UPSTREAM_UNAVAILABLE', `Could not read the ${name} model catalog`);
    await this.repository.replaceProviderModels({ provider: name, models: catalog });
    this.cache = null;
    this.logger.info({ provider: name, models: catalog.length }, 'model catalog synced');
    return ok({ provider: name, synced: catalog.length });
  }

  private async catalogOf(provider: ChatProvider, prefix = '') {
    const listed = await provider.listModels(AbortSignal.timeout(30_000));
    if (!listed.ok) {
      this.logger.warn({ provider: provider.name, code: listed.error.code, err: listed.error.message }, 'model catalog unavailable');
      return null;
    }
    return listed.value.map((m) => ({ ...m, id: `${prefix}${m.id}` }));
  }

  /** Exactly one default: the configured one, else a kept choice, else gpt-4o-mini with a key, else echo. */
  private async chooseDefault() {
    this.cache = null;
    const { rows } = await this.cached();
    const active = new Map(rows.map((r) => [r.id, r]));
    const current = rows.find((r) => r.isDefault);
    const cloud = this.providers.openRouter !== null;
    const choice =
      (this.config.DEFAULT_MODEL_ID && active.get(this.config.DEFAULT_MODEL_ID)) ||
      (current && (current.id !== BUILTIN_ECHO_MODEL_ID || !cloud) ? current : undefined) ||
      (cloud ? active.get(PREFERRED_CLOUD_DEFAULT) ?? rows.find((r) => r.provider === 'openrouter') : undefined) ||
      active.get(BUILTIN_ECHO_MODEL_ID);
    if (choice && choice.id !== current?.id) {
      await this.repository.setDefaultModel({ id: choice.id });
      this.cache = null;
    }
  }

  private async cached() {
    if (this.cache && Date.now() - this.cache.at < CACHE_TTL_MS) return this.cache;
    const rows = await this.repository.listActiveModels();
    this.cache = { at: Date.now(), rows, byId: new Map(rows.map((r) => [r.id, r])) };
    return this.cache;
  }
}
