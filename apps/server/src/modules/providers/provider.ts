import type { AppError, ProviderName } from '@mana/contracts';

/** One turn of the prompt sent to a model. */
export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface GenerationRequest {
  /** The upstream model id (for OpenRouter the slug, for local models without the `local/` prefix). */
  model: string;
  messages: PromptMessage[];
  /** Aborting it aborts the upstream HTTP request. */
  signal: AbortSignal;
  temperature?: number;
  maxTokens?: number;
  /** OpenRouter's `models` fallback list. */
  fallbackModels?: string[];
  /** A stable id for the end user (OpenRouter's abuse isolation). */
  user?: string;
}

/**
 * What a provider streams, normalised across wire variants. A stream ends with exactly one `finish`
 * or one `error` event; text already yielded before an `error` is the partial reply.
 */
export type ProviderEvent =
  | { type: 'text'; delta: string }
  | { type: 'reasoning'; delta: string }
  | { type: 'usage'; promptTokens: number; completionTokens: number; reasoningTokens: number; costUsd: number | null }
  | { type: 'finish'; finishReason: string | null; servedModel: string | null }
  | { type: 'error'; error: AppError };

export interface Completion {
  content: string;
  reasoning: string | null;
  finishReason: string | null;
  servedModel: string | null;
  usage: { promptTokens: number; completionTokens: number; reasoningTokens: number; costUsd: number | null } | null;
}

/** A model as a provider's catalog lists it, prices in USD per 1M tokens. */
export interface CatalogModel {
  id: string;
  name: string;
  description: string | null;
  contextLength: number;
  pricingInput: number;
  pricingOutput: number;
}

export interface ChatProvider {
  readonly name: ProviderName;
  /** Streams a reply. Never throws for upstream failures: they arrive as an `error` event. */
  stream(request: GenerationRequest): AsyncIterable<ProviderEvent>;
  /** A whole reply at once (non-streaming OpenAI-compatible requests). */
  complete(request: GenerationRequest): Promise<{ ok: true; value: Completion } | { ok: false; error: AppError }>;
  /** The provider's model catalog. */
  listModels(signal?: AbortSignal): Promise<{ ok: true; value: CatalogModel[] } | { ok: false; error: AppError }>;
}
