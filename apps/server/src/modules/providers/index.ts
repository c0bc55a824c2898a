export type { CatalogModel, ChatProvider, Completion, GenerationRequest, PromptMessage, ProviderEvent } from './provider';
export { OpenRouterProvider, OPENROUTER_DEFAULT_BASE_URL, type OpenRouterProviderOptions } from './openrouter.provider';
export {
  OpenAiCompatibleProvider,
  LOCAL_DEFAULT_CONTEXT_LENGTH,
  type OpenAiCompatibleProviderOptions,
} from './openai-compatible.provider';
export { EchoProvider, type EchoProviderOptions } from './echo.provider';
export { OpenAiWireClient, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS, type OpenAiWireOptions } from './openai-wire';
