import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refusingBaseUrl, startFakeOpenRouter, type FakeOpenRouter } from '../../../test/fake-openrouter';
import { chatRequest, collectEvents, summarizeReply } from '../../../test/fake-openrouter/provider-events';
import { LOCAL_DEFAULT_CONTEXT_LENGTH, OpenAiCompatibleProvider } from './openai-compatible.provider';

// The fake speaks the OpenAI wire format, which is all an Ollama/vLLM/LM Studio endpoint speaks too.
let local: FakeOpenRouter;
beforeAll(async () => {
  local = await startFakeOpenRouter({
    apiKeys: ['local-secret'],
    models: {
      object: 'list',
      data: [
        { id: 'llama3.2:3b', object: 'model', owned_by: 'library' },
        { id: 'Qwen/Qwen2.5-7B-Instruct', object: 'model', max_model_len: 32768 },
        { id: 'phi4', object: 'model', context_length: 16384 },
        { object: 'model' },
      ],
    },
  });
});
afterAll(() => local.close());
beforeEach(() => local.reset());

const provider = (apiKey: string | undefined = 'local-secret') =>
  new OpenAiCompatibleProvider({ baseUrl: `${local.baseUrl}/`, apiKey });

describe('OpenAiCompatibleProvider', () => {
  it('lists the server models as free, with their context length or 8192', async () => {
    const result = await provider().listModels();
    expect(result).toEqual({
      ok: true,
      value: [
        { id: 'llama3.2:3b', name: 'llama3.2:3b', description: null, contextLength: LOCAL_DEFAULT_CONTEXT_LENGTH, pricingInput: 0, pricingOutput: 0 },
        { id: 'Qwen/Qwen2.5-7B-Instruct', name: 'Qwen/Qwen2.5-7B-Instruct', description: null, contextLength: 32768, pricingInput: 0, pricingOutput: 0 },
        { id: 'phi4', name: 'phi4', description: null, contextLength: 16384, pricingInput: 0, pricingOutput: 0 },
      ],
    });
    expect(LOCAL_DEFAULT_CONTEXT_LENGTH).toBe(8192);
  });

  it('sends no Authorization header when it has no key', async () => {
    await new OpenAiCompatibleProvider({ baseUrl: local.baseUrl }).listModels();
    expect(local.requests[0].headers.authorization).toBeUndefined();
  });

  it('streams a reply, asking for usage and sending no OpenRouter-only fields', async () => {
    local.nextScenario({ stream: { deltas: 4, usageChunk: 'empty-choices', cost: null, model: 'llama3.2:3b' } });
    const events = await collectEvents(
      provider().stream(chatRequest({ model: 'llama3.2:3b', fallbackModels: ['phi4'] })),
    );
    const summary = summarizeReply(events);
    expect(summary.text).toBe('word0 word1 word2 word3 ');
    expect(summary.usage?.costUsd).toBeNull();
    expect(summary.finish).toEqual({ finishReason: 'stop', servedModel: 'llama3.2:3b' });
    const [request] = local.chatRequests();
    expect(request.headers.authorization).toBe('Bearer local-secret');
    expect(request.headers['http-referer']).toBeUndefined();
    expect(request.headers['x-title']).toBeUndefined();
    expect(request.body).toEqual({
      model: 'llama3.2:3b',
      messages: [{ role: 'user', content: 'Three tips for better coffee?' }],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('completes without streaming', async () => {
    const result = await provider().complete(chatRequest({ model: 'phi4' }));
    expect(result.ok && result.value.content).toMatch(/^A haiku for you/);
    expect(local.chatRequests()[0].body.stream_options).toBeUndefined();
  });

  it('names the local server in its errors', async () => {
    local.nextScenario({ error: { status: 404, message: 'model "nope" not found, try pulling it first' } });
    const [event] = await collectEvents(provider().stream(chatRequest({ model: 'nope' })));
    expect(event.type === 'error' && event.error.code).toBe('MODEL_UNAVAILABLE');
    const refused = new OpenAiCompatibleProvider({ baseUrl: await refusingBaseUrl() });
    const result = await refused.listModels();
    expect(!result.ok && result.error.message).toMatch(/^The local model server could not be reached/);
  });
});
