import { BUILTIN_ECHO_MODEL_ID, ok, type AppError, type Result } from '@mana/contracts';
import { composeEchoReply, estimateTokens, splitIntoDeltas } from './echo-reply';
import type { CatalogModel, ChatProvider, Completion, GenerationRequest, ProviderEvent } from './provider';
import { generationCancelled } from './upstream-errors';

export interface EchoProviderOptions {
  /** Pause before each word, so people see the reply stream; default 15 ms, 0 in tests. */
  deltaDelayMs?: number;
}

const ECHO_MODEL: CatalogModel = {
  id: BUILTIN_ECHO_MODEL_ID,
  name: 'Offline echo (built-in)',
  description: 'Answers without any network or key by echoing your message, so Mana Chat works on first start.',
  contextLength: 32768,
  pricingInput: 0,
  pricingOutput: 0,
};

/**
 * The built-in offline model `builtin/echo`. Unlike the other providers its catalog id already is the
 * public id: there is no upstream name to prefix.
 */
export class EchoProvider implements ChatProvider {
  readonly name = 'builtin' as const;
  private readonly deltaDelayMs: number;

  constructor(options: EchoProviderOptions = {}) {
    this.deltaDelayMs = options.deltaDelayMs ?? 15;
  }

  async *stream(request: GenerationRequest): AsyncGenerator<ProviderEvent, void, undefined> {
    const reply = composeEchoReply(request.messages);
    for (const delta of splitIntoDeltas(reply)) {
      if (this.deltaDelayMs > 0) await pause(this.deltaDelayMs, request.signal);
      if (request.signal.aborted) {
        yield { type: 'error', error: generationCancelled() };
        return;
      }
      yield { type: 'text', delta };
    }
    yield { type: 'usage', ...usageOf(request, reply) };
    yield { type: 'finish', finishReason: 'stop', servedModel: BUILTIN_ECHO_MODEL_ID };
  }

  async complete(request: GenerationRequest): Promise<Result<Completion, AppError>> {
    if (request.signal.aborted) return { ok: false, error: generationCancelled() };
    const reply = composeEchoReply(request.messages);
    return ok({
      content: reply,
      reasoning: null,
      finishReason: 'stop',
      servedModel: BUILTIN_ECHO_MODEL_ID,
      usage: usageOf(request, reply),
    });
  }

  async listModels(): Promise<Result<CatalogModel[], AppError>> {
    return ok([{ ...ECHO_MODEL }]);
  }
}

function usageOf(request: GenerationRequest, reply: string): NonNullable<Completion['usage']> {
  let promptChars = 0;
  for (const message of request.messages) promptChars += message.content.length;
  return {
    promptTokens: estimateTokens(promptChars),
    completionTokens: estimateTokens(reply.length),
    reasoningTokens: 0,
    costUsd: 0,
  };
}

/** Resolves after `ms`, or at once when the generation is stopped. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
