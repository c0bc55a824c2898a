import type { AppError, Result } from '@mana/contracts';
import { ok } from '@mana/contracts';
import type { OpenAiWireClient } from './openai-wire';
import type { CatalogModel, ChatProvider, Completion, GenerationRequest, ProviderEvent } from './provider';

/**
 * A provider that speaks OpenAI's chat wire protocol (OpenRouter, a local OpenAI-compatible
 * server). Its subclasses differ only in how they configure the wire client and read `/models`.
 */
export abstract class WireProvider implements ChatProvider {
  abstract readonly name: ChatProvider['name'];

  protected constructor(
    private readonly wire: OpenAiWireClient,
    private readonly readCatalog: (body: unknown) => CatalogModel[],
  ) {}

  stream(request: GenerationRequest): AsyncIterable<ProviderEvent> {
    return this.wire.stream(request);
  }

  complete(request: GenerationRequest): Promise<Result<Completion, AppError>> {
    return this.wire.complete(request);
  }

  /** Closes its pooled connections (application shutdown). */
  close(): void {
    this.wire.close();
  }

  async listModels(signal?: AbortSignal): Promise<Result<CatalogModel[], AppError>> {
    const answer = await this.wire.getJson('/models', signal);
    return answer.ok ? ok(this.readCatalog(answer.value)) : answer;
  }
}
