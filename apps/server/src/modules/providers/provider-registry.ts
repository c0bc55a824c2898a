import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { BUILTIN_ECHO_MODEL_ID, type ProviderName } from '@mana/contracts';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { EchoProvider } from './echo.provider';
import { OpenAiCompatibleProvider } from './openai-compatible.provider';
import { OpenRouterProvider } from './openrouter.provider';
import type { ChatProvider } from './provider';

/** Public ids of models served by an OpenAI-compatible endpoint start with this. */
export const LOCAL_MODEL_PREFIX = 'local/';

export interface ResolvedModel {
  provider: ChatProvider;
  /** The id the upstream knows the model by. */
  upstreamModel: string;
  /** Models the upstream may fall back to (OpenRouter's `models` list). */
  fallbackModels?: string[];
}

/** Which provider serves which public model id; providers without configuration are absent. */
@Injectable()
export class ProviderRegistry implements OnApplicationShutdown {
  readonly echo: EchoProvider;
  readonly openRouter: OpenRouterProvider | null;
  readonly local: OpenAiCompatibleProvider | null;
  private readonly fallbackModels: string[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.fallbackModels = config.OPENROUTER_FALLBACK_MODELS;
    this.echo = new EchoProvider({ deltaDelayMs: config.ECHO_DELAY_MS });
    this.openRouter = config.OPENROUTER_API_KEY
      ? new OpenRouterProvider({
          apiKey: config.OPENROUTER_API_KEY,
          baseUrl: config.OPENROUTER_BASE_URL,
          appUrl: config.APP_URL,
          appName: 'Mana Chat',
          connectTimeoutMs: config.UPSTREAM_CONNECT_TIMEOUT_MS,
          idleTimeoutMs: config.UPSTREAM_IDLE_TIMEOUT_MS,
        })
      : null;
    this.local = config.OPENAI_COMPATIBLE_BASE_URL
      ? new OpenAiCompatibleProvider({
          baseUrl: config.OPENAI_COMPATIBLE_BASE_URL,
          apiKey: config.OPENAI_COMPATIBLE_API_KEY,
          connectTimeoutMs: config.UPSTREAM_CONNECT_TIMEOUT_MS,
          idleTimeoutMs: config.UPSTREAM_IDLE_TIMEOUT_MS,
        })
      : null;
  }

  /** Runs after replies have drained (`GenerationService.beforeApplicationShutdown`) and the HTTP server closed. */
  onApplicationShutdown() {
    this.openRouter?.close();
    this.local?.close();
  }

  resolve(model: { id: string; provider: ProviderName }): ResolvedModel | null {
    switch (model.provider) {
      case 'builtin':
        return model.id === BUILTIN_ECHO_MODEL_ID ? { provider: this.echo, upstreamModel: model.id } : null;
      case 'openrouter':
        return this.openRouter
          ? { provider: this.openRouter, upstreamModel: model.id, fallbackModels: this.fallbackModels.filter((m) => m !== model.id) }
          : null;
      case 'openai-compatible':
        return this.local && model.id.startsWith(LOCAL_MODEL_PREFIX)
          ? { provider: this.local, upstreamModel: model.id.slice(LOCAL_MODEL_PREFIX.length) }
          : null;
    }
  }
}
