import { OpenAiWireClient } from './openai-wire';
import { catalogFromOpenRouter } from './openrouter-catalog';
import { WireProvider } from './wire-provider';

export const OPENROUTER_DEFAULT_BASE_URL = 'https://openrouter.ai/api/v1';

export interface OpenRouterProviderOptions {
  apiKey: string;
  /** Default `https://openrouter.ai/api/v1`; tests point it at the fake server. */
  baseUrl?: string;
  /** Sent as `HTTP-Referer`: the app's identity in OpenRouter's rankings. */
  appUrl?: string;
  /** Sent as `X-Title` (and its current name `X-OpenRouter-Title`). */
  appName?: string;
  /** Longest silence between bytes of a reply; default 30 s. */
  idleTimeoutMs?: number;
  /** Longest wait for the response headers; default 30 s. */
  connectTimeoutMs?: number;
}

/** Cloud models through OpenRouter: one key, hundreds of models, cost reported per reply. */
export class OpenRouterProvider extends WireProvider {
  readonly name = 'openrouter' as const;

  constructor(options: OpenRouterProviderOptions) {
    const headers: Record<string, string> = { authorization: `Bearer ${options.apiKey}` };
    if (options.appUrl) headers['http-referer'] = options.appUrl;
    if (options.appName) {
      headers['x-title'] = options.appName;
      headers['x-openrouter-title'] = options.appName;
    }
    const wire = new OpenAiWireClient({
      baseUrl: options.baseUrl ?? OPENROUTER_DEFAULT_BASE_URL,
      upstream: 'OpenRouter',
      headers,
      idleTimeoutMs: options.idleTimeoutMs,
      connectTimeoutMs: options.connectTimeoutMs,
      sendsFallbackModels: true,
      // Usage (with cost) always comes in OpenRouter's last chunk; `stream_options` is a no-op there.
      asksForStreamUsage: false,
    });
    super(wire, catalogFromOpenRouter);
  }
}
