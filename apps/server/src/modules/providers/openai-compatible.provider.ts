import { OpenAiWireClient } from './openai-wire';
import type { CatalogModel } from './provider';
import { WireProvider } from './wire-provider';

/** When a server's `/models` does not say (Ollama does not): a safe floor for today's local models. */
export const LOCAL_DEFAULT_CONTEXT_LENGTH = 8192;

export interface OpenAiCompatibleProviderOptions {
  /** e.g. `http://127.0.0.1:11434/v1` (Ollama), `http://127.0.0.1:8000/v1` (vLLM). */
  baseUrl: string;
  /** Most local servers need none; vLLM and hosted gateways may. */
  apiKey?: string;
  /** Longest silence between bytes; default 30 s (a slow local model may need more for `complete`). */
  idleTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/**
 * Any OpenAI-compatible endpoint (Ollama, vLLM, LM Studio). Model ids are the server's own names:
 * the caller adds and strips the public `local/` prefix, so this class never sees it.
 */
export class OpenAiCompatibleProvider extends WireProvider {
  readonly name = 'openai-compatible' as const;

  constructor(options: OpenAiCompatibleProviderOptions) {
    const wire = new OpenAiWireClient({
      baseUrl: options.baseUrl,
      upstream: 'The local model server',
      headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
      idleTimeoutMs: options.idleTimeoutMs,
      connectTimeoutMs: options.connectTimeoutMs,
      sendsFallbackModels: false,
      asksForStreamUsage: true,
    });
    super(wire, catalogFromLocalServer);
  }
}

interface LocalModelEntry {
  id?: unknown;
  context_length?: unknown;
  /** vLLM's name for the context length. */
  max_model_len?: unknown;
}

/** `{ data: [{ id }] }` → models that cost nothing (they run on the user's own hardware). */
export function catalogFromLocalServer(body: unknown): CatalogModel[] {
  const entries = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(entries)) return [];
  const catalog: CatalogModel[] = [];
  for (const entry of entries as LocalModelEntry[]) {
    if (entry === null || typeof entry !== 'object' || typeof entry.id !== 'string' || entry.id === '') continue;
    catalog.push({
      id: entry.id,
      name: entry.id,
      description: null,
      contextLength: positiveInteger(entry.context_length) ?? positiveInteger(entry.max_model_len) ?? LOCAL_DEFAULT_CONTEXT_LENGTH,
      pricingInput: 0,
      pricingOutput: 0,
    });
  }
  return catalog;
}

function positiveInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : null;
}
