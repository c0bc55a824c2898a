import { describe, expect, it } from 'vitest';
import { readFixtureBytes, type StreamFixture } from '../../../test/fake-openrouter';
import { plainEvents, summarizeReply, type PlainEvent } from '../../../test/fake-openrouter/provider-events';
import type { ProviderEvent } from './provider';
import { SseReplyDecoder } from './sse-reply-decoder';

/** Feeds `bytes` cut at `cuts`, then the end of the body, and returns every event. */
function decode(bytes: Uint8Array, cuts: number[] = []): ProviderEvent[] {
  const decoder = new SseReplyDecoder('OpenRouter');
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    decoder.feed(bytes.subarray(start, cut));
    start = cut;
  }
  decoder.end();
  return decoder.events;
}

const crlf = (bytes: Uint8Array): Buffer => Buffer.from(Buffer.from(bytes).toString('utf8').replace(/\n/g, '\r\n'), 'utf8');
const text = (delta: string): PlainEvent => ({ type: 'text', delta });
const reasoning = (delta: string): PlainEvent => ({ type: 'reasoning', delta });

/** What each fixture must yield, event by event. Costs are the fixtures' own `usage.cost`. */
const EXPECTED: Record<StreamFixture, PlainEvent[]> = {
  'stream-basic.sse': [
    text('Sure'),
    text('! Three quick'),
    text(' tips for better'),
    text(' coffee: use fresh'),
    text(' beans, grind right'),
    text(' before brewing, and'),
    text(' keep the water near 93 °C.'),
    { type: 'usage', promptTokens: 19, completionTokens: 30, reasoningTokens: 0, costUsd: 0.00002085 },
    { type: 'finish', finishReason: 'stop', servedModel: 'openai/gpt-4o-mini' },
  ],
  'stream-reasoning.sse': [
    reasoning('The user wants'),
    reasoning(' a one-line answer'),
    reasoning(' about why the sky'),
    reasoning(' looks blue. Rayleigh'),
    reasoning(' scattering: shorter'),
    reasoning(' wavelengths scatter more.'),
    text('Sunlight'),
    text(' scatters off air'),
    text(' molecules, and blue'),
    text(' light scatters most,'),
    text(' so the sky looks blue.'),
    { type: 'usage', promptTokens: 41, completionTokens: 88, reasoningTokens: 52, costUsd: 0.001443 },
    { type: 'finish', finishReason: 'stop', servedModel: 'anthropic/claude-4-sonnet-20250522' },
  ],
  'stream-midstream-error.sse': [
    text('Here is the'),
    text(' outline you asked'),
    text(' for:\n\n1. Intro'),
    text('duction\n2. Back'),
    {
      type: 'error',
      error: {
        code: 'UPSTREAM_ERROR',
        message: 'Upstream error from DeepInfra: connection reset while streaming',
        details: { upstreamStatus: 502, providerName: 'DeepInfra', errorType: 'provider_unavailable' },
      },
    },
  ],
  'stream-midstream-error-empty-choices.sse': [
    text('Paris is'),
    text(' the capital'),
    text(' of France'),
    {
      type: 'error',
      error: {
        code: 'RATE_LIMITED',
        message: 'Provider returned error',
        details: { upstreamStatus: 429, providerName: 'Venice', errorType: 'rate_limit_exceeded' },
      },
    },
  ],
  'stream-midstream-error-string-code.sse': [
    text('Once upon'),
    text(' a time'),
    { type: 'error', error: { code: 'UPSTREAM_ERROR', message: 'Internal Server Error', details: { upstreamCode: 'server_error' } } },
  ],
  'stream-usage-empty-choices.sse': [
    text('Grüße'),
    text(' aus'),
    text(' München 🌍'),
    text(' – bis bald!'),
    { type: 'usage', promptTokens: 12, completionTokens: 9, reasoningTokens: 0, costUsd: 0.0000048 },
    { type: 'finish', finishReason: 'stop', servedModel: 'google/gemini-2.0-flash-001' },
  ],
  'stream-finish-error-no-payload.sse': [
    text('Let me look'),
    text(' that up'),
    {
      type: 'error',
      error: {
        code: 'UPSTREAM_ERROR',
        message: 'OpenRouter: the model stopped with an error (MALFORMED_FUNCTION_CALL).',
        details: { upstreamCode: 'MALFORMED_FUNCTION_CALL' },
      },
    },
  ],
  'stream-reasoning-details-only.sse': [
    reasoning('Two plus two'),
    reasoning(' is four.'),
    text('4'),
    // No `cost` in this usage chunk: unknown, not free.
    { type: 'usage', promptTokens: 8, completionTokens: 14, reasoningTokens: 12, costUsd: null },
    { type: 'finish', finishReason: 'stop', servedModel: 'google/gemini-2.5-flash' },
  ],
};

const FIXTURES = Object.keys(EXPECTED) as StreamFixture[];

describe('SseReplyDecoder', () => {
  it.each(FIXTURES)('turns %s into the expected events', (fixture) => {
    expect(plainEvents(decode(readFixtureBytes(fixture)))).toEqual(EXPECTED[fixture]);
  });

  it.each(FIXTURES)('decodes %s identically when cut into two chunks at every byte', (fixture) => {
    const bytes = readFixtureBytes(fixture);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const events = plainEvents(decode(bytes, [cut]));
      if (JSON.stringify(events) !== JSON.stringify(EXPECTED[fixture])) {
        expect.fail(`cut at byte ${cut} changed the events: ${JSON.stringify(events)}`);
      }
    }
  });

  it.each(FIXTURES)('decodes %s identically from 1-byte chunks', (fixture) => {
    const bytes = readFixtureBytes(fixture);
    const everyByte = Array.from({ length: bytes.length }, (_, i) => i + 1);
    expect(plainEvents(decode(bytes, everyByte))).toEqual(EXPECTED[fixture]);
  });

  it.each(FIXTURES)('decodes %s with CRLF line ends, cut at every byte (CR and LF apart too)', (fixture) => {
    const bytes = crlf(readFixtureBytes(fixture));
    expect(plainEvents(decode(bytes))).toEqual(EXPECTED[fixture]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const events = plainEvents(decode(bytes, [cut]));
      if (JSON.stringify(events) !== JSON.stringify(EXPECTED[fixture])) {
        expect.fail(`CRLF cut at byte ${cut} changed the events: ${JSON.stringify(events)}`);
      }
    }
  });

  it('keeps a UTF-8 character that is split across chunks whole', () => {
    const bytes = readFixtureBytes('stream-usage-empty-choices.sse');
    const globe = bytes.indexOf(Buffer.from('🌍', 'utf8'));
    expect(globe).toBeGreaterThan(0);
    // Cut inside the 4-byte emoji and inside the 2-byte "ü" of "Grüße".
    const umlaut = bytes.indexOf(Buffer.from('ü', 'utf8'));
    const events = decode(bytes, [umlaut + 1, globe + 1, globe + 2, globe + 3]);
    expect(summarizeReply(events).text).toBe('Grüße aus München 🌍 – bis bald!');
  });

  it('ends every truncated stream with exactly one terminal event, keeping the text so far', () => {
    const bytes = readFixtureBytes('stream-basic.sse');
    const full = summarizeReply(decode(bytes)).text;
    const finishChunkEnd = bytes.indexOf('"finish_reason":"stop"') + 200; // well inside the usage chunk
    for (let length = 0; length < bytes.length; length++) {
      const events = decode(bytes.subarray(0, length));
      const terminal = events.filter((e) => e.type === 'finish' || e.type === 'error');
      expect(terminal).toHaveLength(1);
      expect(events[events.length - 1]).toBe(terminal[0]);
      const summary = summarizeReply(events);
      expect(full.startsWith(summary.text)).toBe(true);
      if (length > finishChunkEnd) {
        // The finish reason arrived: the reply is whole even though usage and [DONE] are missing.
        expect(summary.finish).toEqual({ finishReason: 'stop', servedModel: 'openai/gpt-4o-mini' });
        expect(summary.text).toBe(full);
      } else if (length < bytes.indexOf('"finish_reason":"stop"')) {
        expect(summary.error?.code).toBe('UPSTREAM_ERROR');
      }
    }
  });

  it('accepts a final [DONE] that has no blank line after it', () => {
    const bytes = Buffer.from(readFixtureBytes('stream-basic.sse').toString('utf8').replace(/data: \[DONE\]\n\n$/, 'data: [DONE]'));
    expect(plainEvents(decode(bytes))).toEqual(EXPECTED['stream-basic.sse']);
  });

  it('ends with an error at a data line that is not JSON: the stream cannot be trusted after it', () => {
    const body = 'data: {"choices":[{"delta":{"content":"Hi"},"finish_reason":null}]}\n\ndata: not json at all\n\ndata: [DONE]\n\n';
    const events = plainEvents(decode(Buffer.from(body)));
    expect(events[0]).toEqual(text('Hi'));
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'UPSTREAM_ERROR' } });
  });

  it('ignores comments, unknown fields and SSE fields it does not use', () => {
    const body = [
      ': OPENROUTER PROCESSING',
      '',
      'event: message',
      'id: 7',
      '',
      'data: {"choices":[{"delta":{"content":"Hi","tool_calls":[],"audio":{}},"finish_reason":null,"future_field":1}],"new_top_level":{"x":1}}',
      '',
      'data: {"choices":[{"delta":{},"finish_reason":"length"}]}',
      '',
      'data: [DONE]',
      '',
      '',
    ].join('\n');
    expect(plainEvents(decode(Buffer.from(body)))).toEqual([
      text('Hi'),
      { type: 'finish', finishReason: 'length', servedModel: null },
    ]);
  });

  it('takes the last non-null finish reason', () => {
    const body =
      'data: {"choices":[{"delta":{"content":"a"},"finish_reason":"length"}]}\n\n' +
      'data: {"choices":[{"delta":{"content":""},"finish_reason":null}],"usage":{"prompt_tokens":1,"completion_tokens":1}}\n\n' +
      'data: {"choices":[{"delta":{},"finish_reason":"stop"}]}\n\n' +
      'data: [DONE]\n\n';
    const summary = summarizeReply(decode(Buffer.from(body)));
    expect(summary.finish?.finishReason).toBe('stop');
    expect(summary.usage).toEqual({ promptTokens: 1, completionTokens: 1, reasoningTokens: 0, costUsd: null });
    expect(summary.shape).toBe('text,usage,finish');
  });

  it('relays deltas with little CPU per delta (hot path)', () => {
    const chunk = (i: number): string =>
      `data: {"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"openai/gpt-4o-mini","provider":"OpenAI","choices":[{"index":0,"delta":{"role":"assistant","content":"token${i} "},"finish_reason":null,"native_finish_reason":null}]}\n\n`;
    const deltas = 20_000;
    let body = '';
    for (let i = 0; i < deltas; i++) body += chunk(i);
    body += 'data: {"choices":[{"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n';
    const bytes = Buffer.from(body);
    const run = (): number => {
      const decoder = new SseReplyDecoder('OpenRouter');
      for (let start = 0; start < bytes.length; start += 1400) {
        decoder.feed(bytes.subarray(start, start + 1400)); // about one TCP segment per read
        decoder.events.length = 0;
      }
      decoder.end();
      return decoder.events.length;
    };
    run(); // warm up the JIT
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    const microsPerDelta = (used.user + used.system) / deltas;
    // The whole server budget is 40 µs per relayed delta; decoding must stay a small part of it.
    expect(microsPerDelta).toBeLessThan(15);
  });
});
