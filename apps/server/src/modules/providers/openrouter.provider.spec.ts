import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  readFixtureBytes,
  readFixtureJson,
  refusingBaseUrl,
  startFakeOpenRouter,
  type FakeOpenRouter,
  type StreamFixture,
} from '../../../test/fake-openrouter';
import { chatRequest, collectEvents, plainEvents, summarizeReply } from '../../../test/fake-openrouter/provider-events';
import { OpenRouterProvider, type OpenRouterProviderOptions } from './openrouter.provider';
import type { ProviderEvent } from './provider';
import { SseReplyDecoder } from './sse-reply-decoder';

let fake: FakeOpenRouter;
beforeAll(async () => {
  fake = await startFakeOpenRouter();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const provider = (options: Partial<OpenRouterProviderOptions> = {}): OpenRouterProvider =>
  new OpenRouterProvider({
    apiKey: fake.apiKey,
    baseUrl: fake.baseUrl,
    appUrl: 'https://chat.example.test/',
    appName: 'Mana Chat',
    ...options,
  });

/** What the wire decoder makes of a fixture's bytes in one piece: the reference for HTTP runs. */
function decodedFixture(fixture: StreamFixture): ReturnType<typeof plainEvents> {
  const decoder = new SseReplyDecoder('OpenRouter');
  decoder.feed(readFixtureBytes(fixture));
  decoder.end();
  return plainEvents(decoder.events);
}

const STREAM_FIXTURES: StreamFixture[] = [
  'stream-basic.sse',
  'stream-reasoning.sse',
  'stream-midstream-error.sse',
  'stream-midstream-error-empty-choices.sse',
  'stream-midstream-error-string-code.sse',
  'stream-usage-empty-choices.sse',
  'stream-finish-error-no-payload.sse',
  'stream-reasoning-details-only.sse',
];

describe('OpenRouterProvider.stream over HTTP', () => {
  it.each(STREAM_FIXTURES)('relays %s as the decoder reads it', async (fixture) => {
    fake.nextScenario({ fixture });
    const events = await collectEvents(provider().stream(chatRequest()));
    expect(plainEvents(events)).toEqual(decodedFixture(fixture));
  });

  it('relays the basic stream with the fixture cost and the served model', async () => {
    const summary = summarizeReply(await collectEvents(provider().stream(chatRequest())));
    expect(summary.text).toBe('Sure! Three quick tips for better coffee: use fresh beans, grind right before brewing, and keep the water near 93 °C.');
    expect(summary.usage).toEqual({ promptTokens: 19, completionTokens: 30, reasoningTokens: 0, costUsd: 0.00002085 });
    expect(summary.finish).toEqual({ finishReason: 'stop', servedModel: 'openai/gpt-4o-mini' });
    expect(summary.shape).toBe('text,usage,finish');
  });

  it('reads a finished stream to its end, so the connection stays open for the next reply', async () => {
    // `[DONE]` arrives a little before the end of the HTTP body, as it can on real networks.
    fake.nextScenario({ fixture: 'stream-basic.sse', endDelayMs: 50 });
    await collectEvents(provider().stream(chatRequest()));
    const [request] = fake.chatRequests();
    expect(await request.ended).toBe('completed'); // the trailer was drained in the background
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.openClientPorts()).toContain(request.clientPort);
  });

  it('relays reasoning before the text of a reasoning model', async () => {
    fake.nextScenario({ fixture: 'stream-reasoning.sse' });
    const summary = summarizeReply(await collectEvents(provider().stream(chatRequest())));
    expect(summary.shape).toBe('reasoning,text,usage,finish');
    expect(summary.reasoning).toBe(
      'The user wants a one-line answer about why the sky looks blue. Rayleigh scattering: shorter wavelengths scatter more.',
    );
    expect(summary.usage).toEqual({ promptTokens: 41, completionTokens: 88, reasoningTokens: 52, costUsd: 0.001443 });
  });

  it.each<[string, Parameters<FakeOpenRouter['nextScenario']>[0]]>([
    ['1-byte chunks', { fixture: 'stream-usage-empty-choices.sse', chunkBytes: 1 }],
    ['random chunks with CRLF', { fixture: 'stream-reasoning.sse', chunkBytes: 'random', seed: 42, crlf: true }],
    ['1-byte chunks with CRLF', { fixture: 'stream-basic.sse', chunkBytes: 1, crlf: true }],
  ])('parses identically over real HTTP with %s', async (_name, scenario) => {
    fake.nextScenario(scenario);
    const events = await collectEvents(provider().stream(chatRequest()));
    expect(plainEvents(events)).toEqual(decodedFixture('fixture' in scenario ? (scenario.fixture as StreamFixture) : 'stream-basic.sse'));
  });

  it('sends the key, the attribution headers and the fallback list', async () => {
    await collectEvents(
      provider().stream(
        chatRequest({
          model: 'openai/gpt-4o-mini',
          fallbackModels: ['anthropic/claude-sonnet-4', 'openai/gpt-4o-mini'],
          temperature: 0.3,
          maxTokens: 256,
          user: 'user-42',
        }),
      ),
    );
    const [request] = fake.chatRequests();
    expect(request.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(request.headers['http-referer']).toBe('https://chat.example.test/');
    expect(request.headers['x-title']).toBe('Mana Chat');
    expect(request.body).toEqual({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'Three tips for better coffee?' }],
      stream: true,
      temperature: 0.3,
      max_tokens: 256,
      models: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4'],
      user: 'user-42',
    });
  });

  it('sends no `models` list without fallbacks, and only role and content of each message', async () => {
    const messages = [{ role: 'user' as const, content: 'Hi', id: 'm1', createdAt: 'x' }];
    await collectEvents(provider().stream(chatRequest({ messages })));
    const [request] = fake.chatRequests();
    expect(request.body.models).toBeUndefined();
    expect(request.body.messages).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it.each<[string, Parameters<FakeOpenRouter['nextScenario']>[0], string]>([
    ['one choice with finish_reason null', { stream: { deltas: 3, usageChunk: 'one-choice-null' } }, 'text,usage,finish'],
    ['one choice repeating the finish', { stream: { deltas: 3, usageChunk: 'repeat-finish' } }, 'text,usage,finish'],
    ['choices: []', { stream: { deltas: 3, usageChunk: 'empty-choices' } }, 'text,usage,finish'],
    ['no usage chunk at all', { stream: { deltas: 3, usageChunk: 'none' } }, 'text,finish'],
  ])('reads the usage chunk as %s', async (_name, scenario, shape) => {
    fake.nextScenario(scenario);
    const summary = summarizeReply(await collectEvents(provider().stream(chatRequest())));
    expect(summary.shape).toBe(shape);
    expect(summary.text).toBe('word0 word1 word2 ');
    expect(summary.finish?.finishReason).toBe('stop');
    if (shape.includes('usage')) expect(summary.usage?.costUsd).toBe(0.0000123);
  });

  it('reports an unknown cost as null when the usage chunk has no cost', async () => {
    fake.nextScenario({ stream: { deltas: 2, cost: null } });
    const summary = summarizeReply(await collectEvents(provider().stream(chatRequest())));
    expect(summary.usage).toEqual({ promptTokens: 10, completionTokens: 3, reasoningTokens: 0, costUsd: null });
  });

  it('treats a stream that ends after its finish reason but without [DONE] as finished', async () => {
    fake.nextScenario({ stream: { deltas: 2, done: false } });
    const summary = summarizeReply(await collectEvents(provider().stream(chatRequest())));
    expect(summary.shape).toBe('text,usage,finish');
  });

  it('fails with UPSTREAM_ERROR when the stream ends without [DONE] and without a finish reason', async () => {
    const body = readFixtureBytes('stream-basic.sse').toString('utf8');
    const cut = body.indexOf('data:', body.indexOf('near 93')) - 1; // everything before the finish chunk
    fake.nextScenario({ raw: { contentType: 'text/event-stream', body: body.slice(0, cut) } });
    const summary = summarizeReply(await collectEvents(provider().stream(chatRequest())));
    expect(summary.text).toBe('Sure! Three quick tips for better coffee: use fresh beans, grind right before brewing, and keep the water near 93 °C.');
    expect(summary.shape).toBe('text,error');
    expect(summary.error?.code).toBe('UPSTREAM_ERROR');
  });

  it('keeps the partial text and ends in UPSTREAM_ERROR when the connection is reset mid-stream', async () => {
    const bytes = readFixtureBytes('stream-basic.sse');
    const afterFresh = bytes.indexOf('\n\n', bytes.indexOf('fresh')) + 2;
    fake.nextScenario({ fixture: 'stream-basic.sse', disconnectAfterBytes: afterFresh + 30 }); // inside the next event
    const summary = summarizeReply(await collectEvents(provider().stream(chatRequest())));
    expect(summary.text).toBe('Sure! Three quick tips for better coffee: use fresh');
    expect(summary.shape).toBe('text,error');
    expect(summary.error?.code).toBe('UPSTREAM_ERROR');
    expect(await fake.chatRequests()[0].ended).toBe('server-disconnected');
  });

  it('finishes a reply whose connection is reset after the finish chunk (only usage is lost)', async () => {
    const bytes = readFixtureBytes('stream-basic.sse');
    const usageChunk = bytes.indexOf('data:', bytes.indexOf('"finish_reason":"stop"'));
    fake.nextScenario({ fixture: 'stream-basic.sse', disconnectAfterBytes: usageChunk + 40 });
    const summary = summarizeReply(await collectEvents(provider().stream(chatRequest())));
    expect(summary.shape).toBe('text,finish');
    expect(summary.finish?.finishReason).toBe('stop');
  });

  it('stops the upstream request when the generation is stopped, and ends with CANCELLED', async () => {
    fake.nextScenario({ stream: { deltas: 500, intervalMs: 10 } });
    const controller = new AbortController();
    const events: ProviderEvent[] = [];
    for await (const event of provider().stream(chatRequest({ signal: controller.signal }))) {
      events.push(event);
      if (events.length === 3) controller.abort();
    }
    const summary = summarizeReply(events);
    expect(summary.text).toBe('word0 word1 word2 ');
    expect(summary.shape).toBe('text,error');
    expect(summary.error?.code).toBe('CANCELLED');
    const [request] = fake.chatRequests();
    expect(await request.ended).toBe('client-aborted');
    const generationId = [...fake.generations.keys()][0];
    expect(fake.generations.get(generationId)?.cancelled).toBe(true);
  });

  it('aborts the upstream even while the consumer is not reading', async () => {
    fake.nextScenario({ stream: { deltas: 500, intervalMs: 10 } });
    const controller = new AbortController();
    const iterator = provider().stream(chatRequest({ signal: controller.signal }))[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ type: 'text', delta: 'word0 ' });
    controller.abort();
    expect(await fake.chatRequests()[0].ended).toBe('client-aborted');
    await iterator.return?.();
  });

  it('drops the upstream connection when the consumer stops reading early', async () => {
    fake.nextScenario({ stream: { deltas: 500, intervalMs: 10 } });
    for await (const event of provider().stream(chatRequest())) {
      if (event.type === 'text') break;
    }
    expect(await fake.chatRequests()[0].ended).toBe('client-aborted');
  });

  it('answers CANCELLED without calling upstream when already stopped', async () => {
    const controller = new AbortController();
    controller.abort();
    const events = await collectEvents(provider().stream(chatRequest({ signal: controller.signal })));
    expect(plainEvents(events)).toEqual([{ type: 'error', error: { code: 'CANCELLED', message: 'The generation was stopped.' } }]);
    expect(fake.chatRequests()).toHaveLength(0);
  });

  it('times out with UPSTREAM_TIMEOUT when the stream goes silent, keeping the text so far', async () => {
    const bytes = readFixtureBytes('stream-basic.sse');
    fake.nextScenario({ fixture: 'stream-basic.sse', stallAfterBytes: bytes.indexOf('Three quick') + 200 });
    const started = Date.now();
    const summary = summarizeReply(await collectEvents(provider({ idleTimeoutMs: 200 }).stream(chatRequest())));
    expect(summary.text).toBe('Sure! Three quick');
    expect(summary.shape).toBe('text,error');
    expect(summary.error?.code).toBe('UPSTREAM_TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(await fake.chatRequests()[0].ended).toBe('client-aborted');
  });

  it('times out with UPSTREAM_TIMEOUT when no headers arrive', async () => {
    fake.nextScenario({ fixture: 'stream-basic.sse', stallBeforeHeaders: true });
    const events = await collectEvents(provider({ connectTimeoutMs: 150 }).stream(chatRequest()));
    expect(plainEvents(events)).toEqual([
      { type: 'error', error: { code: 'UPSTREAM_TIMEOUT', message: 'OpenRouter sent nothing for 0 s.' } },
    ]);
  });

  it('does not count time the consumer spends on an event as upstream silence', async () => {
    fake.nextScenario({ stream: { deltas: 4, intervalMs: 30 } });
    const events: ProviderEvent[] = [];
    for await (const event of provider({ idleTimeoutMs: 250 }).stream(chatRequest())) {
      events.push(event);
      if (events.length === 1) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(summarizeReply(events).shape).toBe('text,usage,finish');
  });

  it('waits through a slow first byte and processing comments within the idle limit', async () => {
    fake.nextScenario({ fixture: 'stream-basic.sse', firstByteDelayMs: 150, chunkBytes: 64, chunkIntervalMs: 5 });
    const summary = summarizeReply(await collectEvents(provider({ idleTimeoutMs: 1_000 }).stream(chatRequest())));
    expect(summary.shape).toBe('text,usage,finish');
  });

  it.each<[string, string, Parameters<FakeOpenRouter['nextScenario']>[0]]>([
    ['400 invalid model', 'MODEL_UNAVAILABLE', { fixture: 'error-400.json' }],
    ['402 credits', 'INSUFFICIENT_CREDITS', { fixture: 'error-402.json' }],
    ['403 moderation', 'CONTENT_BLOCKED', { fixture: 'error-403-moderation.json' }],
    ['429 free tier', 'RATE_LIMITED', { fixture: 'error-429.json' }],
    ['429 upstream', 'RATE_LIMITED', { fixture: 'error-429-upstream.json' }],
    ['503 routing', 'UPSTREAM_UNAVAILABLE', { fixture: 'error-503.json' }],
    ['404 no endpoints', 'MODEL_UNAVAILABLE', { error: { status: 404, message: 'No endpoints found that support tool use.' } }],
    ['408', 'UPSTREAM_TIMEOUT', { error: { status: 408, message: 'Operation timed out. Please try again later.' } }],
    ['413', 'PAYLOAD_TOO_LARGE', { error: { status: 413, message: 'Request too large' } }],
    ['422', 'VALIDATION', { error: { status: 422, message: 'Invalid parameters' } }],
    ['500', 'UPSTREAM_ERROR', { error: { status: 500, message: 'Internal Server Error' } }],
    ['502', 'UPSTREAM_ERROR', { error: { status: 502, message: 'Provider returned error', metadata: { provider_name: 'X', raw: 'boom' } } }],
    ['524', 'UPSTREAM_TIMEOUT', { error: { status: 524, message: 'Edge timeout' } }],
    ['529', 'UPSTREAM_UNAVAILABLE', { error: { status: 529, message: 'Provider overloaded' } }],
    ['an HTML 502 page', 'UPSTREAM_ERROR', { raw: { status: 502, contentType: 'text/html', body: '<html>Bad gateway</html>' } }],
  ])('maps a pre-stream %s to %s', async (_name, code, scenario) => {
    fake.nextScenario(scenario);
    const events = await collectEvents(provider().stream(chatRequest()));
    expect(events).toHaveLength(1);
    expect(events[0].type === 'error' && events[0].error.code).toBe(code);
  });

  it('puts the Retry-After of a 429 into details.retryAfterS', async () => {
    fake.nextScenario({ fixture: 'error-429.json', retryAfterS: 12 });
    const [event] = await collectEvents(provider().stream(chatRequest()));
    expect(event.type === 'error' && event.error.toJSON()).toEqual({
      code: 'RATE_LIMITED',
      message: 'Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day',
      details: { upstreamStatus: 429, retryAfterS: 12 },
    });
  });

  it('derives retryAfterS from X-RateLimit-Reset when there is no Retry-After', async () => {
    fake.nextScenario({ fixture: 'error-429.json', headers: { 'x-ratelimit-reset': String(Date.now() + 30_000) } });
    const [event] = await collectEvents(provider().stream(chatRequest()));
    const retryAfterS = event.type === 'error' ? (event.error.details as { retryAfterS: number }).retryAfterS : -1;
    expect(retryAfterS).toBeGreaterThanOrEqual(29);
    expect(retryAfterS).toBeLessThanOrEqual(30);
  });

  it('maps a missing or unknown key to UPSTREAM_AUTH', async () => {
    const [unknown] = await collectEvents(provider({ apiKey: 'sk-or-v1-nobody' }).stream(chatRequest()));
    const [missing] = await collectEvents(provider({ apiKey: '' }).stream(chatRequest()));
    expect(unknown.type === 'error' && unknown.error.code).toBe('UPSTREAM_AUTH');
    expect(missing.type === 'error' && missing.error.code).toBe('UPSTREAM_AUTH');
  });

  it('maps a refused connection to UPSTREAM_UNAVAILABLE', async () => {
    const events = await collectEvents(provider({ baseUrl: await refusingBaseUrl() }).stream(chatRequest()));
    expect(events).toHaveLength(1);
    expect(events[0].type === 'error' && events[0].error.code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('turns a JSON answer to a streaming request into the same events', async () => {
    fake.nextScenario({ fixture: 'completion-wire.txt' });
    const summary = summarizeReply(await collectEvents(provider().stream(chatRequest())));
    expect(summary.shape).toBe('text,usage,finish');
    expect(summary.text).toMatch(/^A haiku for you/);
    expect(summary.usage?.costUsd).toBe(0.0000294);
  });
});

describe('OpenRouterProvider.complete', () => {
  const haiku = readFixtureJson<{ choices: [{ message: { content: string } }] }>('completion.json').choices[0].message.content;

  it.each(['completion-wire.txt', 'completion.json'] as const)('reads %s (padding or pretty JSON)', async (fixture) => {
    fake.nextScenario({ fixture, chunkBytes: 7 });
    const result = await provider().complete(chatRequest());
    expect(result).toEqual({
      ok: true,
      value: {
        content: haiku,
        reasoning: null,
        finishReason: 'stop',
        servedModel: 'openai/gpt-4o-mini-2024-07-18',
        usage: { promptTokens: 28, completionTokens: 42, reasoningTokens: 0, costUsd: 0.0000294 },
      },
    });
    expect(fake.chatRequests()[0].body.stream).toBe(false);
  });

  it('reports an error body sent with HTTP 200 after padding', async () => {
    const body = `\n         \n${JSON.stringify({ error: { code: 502, message: 'Provider returned error', metadata: { provider_name: 'OpenAI' } }, user_id: 'u' })}`;
    fake.nextScenario({ raw: { body } });
    const result = await provider().complete(chatRequest());
    expect(!result.ok && result.error.toJSON()).toEqual({
      code: 'UPSTREAM_ERROR',
      message: 'Provider returned error',
      details: { upstreamStatus: 502, providerName: 'OpenAI' },
    });
  });

  it('reports a choice that finished with an error inside HTTP 200', async () => {
    const completion = readFixtureJson<{ choices: Array<Record<string, unknown>> }>('completion.json');
    completion.choices[0] = { ...completion.choices[0], finish_reason: 'error', error: { code: 429, message: 'Rate limited upstream' } };
    fake.nextScenario({ raw: { body: `\n         \n${JSON.stringify(completion)}` } });
    const result = await provider().complete(chatRequest());
    expect(!result.ok && result.error.code).toBe('RATE_LIMITED');
  });

  it('maps a pre-answer error status', async () => {
    fake.nextScenario({ fixture: 'error-402.json' });
    const result = await provider().complete(chatRequest());
    expect(!result.ok && result.error.code).toBe('INSUFFICIENT_CREDITS');
  });

  it('reports a body cut off mid-JSON as UPSTREAM_ERROR', async () => {
    fake.nextScenario({ fixture: 'completion-wire.txt', disconnectAfterBytes: 120 });
    const result = await provider().complete(chatRequest());
    expect(!result.ok && result.error.code).toBe('UPSTREAM_ERROR');
  });

  it('stops with CANCELLED when the generation is stopped', async () => {
    fake.nextScenario({ fixture: 'completion-wire.txt', firstByteDelayMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await provider().complete(chatRequest({ signal: controller.signal }));
    expect(!result.ok && result.error.code).toBe('CANCELLED');
  });
});

describe('OpenRouterProvider.listModels', () => {
  it('converts per-token price strings to USD per 1M tokens without float noise', async () => {
    const result = await provider().listModels();
    if (!result.ok) throw result.error;
    const byId = new Map(result.value.map((model) => [model.id, model]));
    expect(byId.get('openai/gpt-4o-mini')).toEqual({
      id: 'openai/gpt-4o-mini',
      name: 'OpenAI: GPT-4o-mini',
      description: 'Small, fast multimodal chat model. Fixture text written for offline tests; not the vendor\'s description.',
      contextLength: 128000,
      pricingInput: 0.15,
      pricingOutput: 0.6,
    });
    const prices = Object.fromEntries(result.value.map((m) => [m.id, [m.pricingInput, m.pricingOutput]]));
    expect(prices).toEqual({
      'openai/gpt-4o-mini': [0.15, 0.6],
      'anthropic/claude-sonnet-4': [3, 15],
      'google/gemini-2.0-flash-001': [0.1, 0.4],
      'deepseek/deepseek-r1': [0.4, 2],
      'meta-llama/llama-3.3-70b-instruct:free': [0, 0],
      'mistralai/mistral-small-3.1-24b-instruct': [0.05, 0.1],
      'openrouter/auto': [0, 0],
    });
    expect(byId.get('openrouter/auto')?.description).toMatch(/Variable price/);
  });

  it('skips models without numeric pricing or context length', async () => {
    const odd = await startFakeOpenRouter({
      models: {
        data: [
          { id: 'a/priced', name: 'Priced', context_length: 4096, pricing: { prompt: '0.000001', completion: '0.000002' } },
          { id: 'b/no-pricing', name: 'No pricing', context_length: 4096 },
          { id: 'c/text-price', name: 'Text price', context_length: 4096, pricing: { prompt: 'free', completion: '0' } },
          { id: 'd/no-context', name: 'No context', pricing: { prompt: '0', completion: '0' } },
          { id: 'e/top-provider', name: 'Top provider', top_provider: { context_length: 8192 }, pricing: { prompt: '0', completion: '0' } },
        ],
      },
    });
    try {
      const result = await provider({ baseUrl: odd.baseUrl }).listModels();
      expect(result.ok && result.value.map((m) => [m.id, m.pricingInput, m.pricingOutput, m.contextLength])).toEqual([
        ['a/priced', 1, 2, 4096],
        ['e/top-provider', 0, 0, 8192],
      ]);
    } finally {
      await odd.close();
    }
  });

  it('maps an unreachable catalog to UPSTREAM_UNAVAILABLE', async () => {
    const result = await provider({ baseUrl: await refusingBaseUrl() }).listModels();
    expect(!result.ok && result.error.code).toBe('UPSTREAM_UNAVAILABLE');
  });
});
