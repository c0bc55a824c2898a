import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFixture, startFakeOpenRouter, type FakeOpenRouter } from '.';

// The fake is test infrastructure other suites rely on: these tests pin its wire behaviour with plain fetch.
let fake: FakeOpenRouter;
beforeAll(async () => {
  fake = await startFakeOpenRouter();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const chat = (body: unknown, key: string | null = fake.apiKey): Promise<Response> =>
  fetch(`${fake.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
    body: JSON.stringify(body),
  });
const hello = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true };

/** Reads a body to its end, or to the error that cut it, counting bytes. */
async function readAll(response: Response): Promise<{ text: string; reads: number; error: unknown }> {
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    return { text: Buffer.concat(chunks).toString('utf8'), reads: chunks.length, error: null };
  } catch (error) {
    return { text: Buffer.concat(chunks).toString('utf8'), reads: chunks.length, error };
  }
}

describe('fake OpenRouter', () => {
  it('serves the model catalog without a key', async () => {
    const response = await fetch(`${fake.baseUrl}/models`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: Array<{ id: string }> };
    expect(body.data).toHaveLength(7);
  });

  it('answers 401 to a missing key and to an unknown key, with the real messages and no user_id', async () => {
    const missing = await chat(hello, null);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: { code: 401, message: 'No cookie auth credentials found' } });
    const unknown = await chat(hello, 'sk-or-v1-unknown');
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({ error: { code: 401, message: 'User not found.' } });
  });

  it('answers 400 when messages is missing or empty', async () => {
    expect((await chat({ model: 'x', messages: [] })).status).toBe(400);
    expect((await chat({ model: 'x' })).status).toBe(400);
  });

  it('accepts and records legacy no-op fields', async () => {
    const response = await chat({ ...hello, usage: { include: true }, transforms: ['middle-out'], stream_options: { include_usage: true } });
    expect(response.status).toBe(200);
    await response.text();
    expect(fake.chatRequests()[0].body.transforms).toEqual(['middle-out']);
  });

  it('replays a stream fixture byte for byte with its generation id', async () => {
    const response = await chat(hello);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('x-generation-id')).toBe('gen-1767890123-Fk3pQ7vXyZ2mN8bLtR4s');
    expect(await response.text()).toBe(readFixture('stream-basic.sse'));
    expect(await fake.chatRequests()[0].ended).toBe('completed');
  });

  it('answers a non-streaming request with whitespace padding before the JSON', async () => {
    const response = await chat({ ...hello, stream: false });
    const text = await response.text();
    expect(text.startsWith('\n         \n')).toBe(true);
    expect(JSON.parse(text).object).toBe('chat.completion');
  });

  it('converts line ends to CRLF when asked', async () => {
    fake.nextScenario({ fixture: 'stream-basic.sse', crlf: true });
    expect(await (await chat(hello)).text()).toBe(readFixture('stream-basic.sse').replace(/\n/g, '\r\n'));
  });

  it('delivers the body in many small writes when chunking at 1 byte', async () => {
    fake.nextScenario({ fixture: 'stream-midstream-error.sse', chunkBytes: 1 });
    const { text, reads } = await readAll(await chat(hello));
    expect(text).toBe(readFixture('stream-midstream-error.sse'));
    expect(reads).toBeGreaterThan(100); // on loopback each 1-byte write usually arrives as its own read
  });

  it('cuts the connection after N body bytes', async () => {
    fake.nextScenario({ fixture: 'stream-basic.sse', disconnectAfterBytes: 500 });
    const { text, error } = await readAll(await chat(hello));
    expect(Buffer.byteLength(text)).toBe(500);
    expect(error).toBeInstanceOf(Error);
    expect(await fake.chatRequests()[0].ended).toBe('server-disconnected');
  });

  it('sends the status, X-RateLimit-* and Retry-After of a 429 fixture', async () => {
    fake.nextScenario({ fixture: 'error-429.json', retryAfterS: 30 });
    const response = await chat(hello);
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-ratelimit-limit')).toBe('50');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(response.headers.get('x-ratelimit-reset')).toBe('1767916800000');
    expect(response.headers.get('retry-after')).toBe('30');
  });

  it('overrides the status of a scenario', async () => {
    fake.nextScenario({ fixture: 'stream-basic.sse', status: 500, headers: { 'x-provider-name': 'OpenAI' } });
    const response = await chat(hello);
    expect(response.status).toBe(500);
    expect(response.headers.get('x-provider-name')).toBe('OpenAI');
    await response.text();
  });

  it('picks a scenario by requested model when nothing is queued, and the queue first', async () => {
    fake.scenarioForModel('acme/not-a-model-1.0', { fixture: 'error-400.json' });
    fake.nextScenario({ fixture: 'error-503.json' });
    expect((await chat({ ...hello, model: 'acme/not-a-model-1.0' })).status).toBe(503);
    expect((await chat({ ...hello, model: 'acme/not-a-model-1.0' })).status).toBe(400);
    expect((await chat(hello)).status).toBe(200);
  });

  it('generates a stream of N deltas at an interval', async () => {
    fake.nextScenario({ stream: { deltas: 3, intervalMs: 20, processingComments: 2, usageChunk: 'empty-choices' } });
    const started = Date.now();
    const text = await (await chat(hello)).text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    expect(text.match(/: OPENROUTER PROCESSING\n\n/g)).toHaveLength(2);
    expect(text).toContain('"content":"word2 "');
    expect(text).toContain('"choices":[],"usage":');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('records a client that goes away as a cancelled generation', async () => {
    fake.nextScenario({ stream: { deltas: 100, intervalMs: 10 } });
    const controller = new AbortController();
    const response = await fetch(`${fake.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.apiKey}` },
      body: JSON.stringify(hello),
      signal: controller.signal,
    });
    const id = response.headers.get('x-generation-id')!;
    await response.body!.getReader().read();
    controller.abort();
    expect(await fake.chatRequests()[0].ended).toBe('client-aborted');
    const generation = await fetch(`${fake.baseUrl}/generation?id=${id}`, { headers: { authorization: `Bearer ${fake.apiKey}` } });
    expect(((await generation.json()) as { data: { cancelled: boolean; streamed: boolean } }).data).toMatchObject({
      id,
      cancelled: true,
      streamed: true,
    });
  });

  it('answers /key with a key and /generation with 404 for an unknown id', async () => {
    const auth = { headers: { authorization: `Bearer ${fake.apiKey}` } };
    const key = (await (await fetch(`${fake.baseUrl}/key`, auth)).json()) as { data: { label: string } };
    expect(key.data.label).toBe('sk-or-v1-3fa...c91');
    expect((await fetch(`${fake.baseUrl}/generation?id=gen-nope`, auth)).status).toBe(404);
    expect((await fetch(`${fake.baseUrl}/key`)).status).toBe(401);
  });

  it('stalls after the headers until the client gives up', async () => {
    fake.nextScenario({ fixture: 'stream-basic.sse', stallAfterBytes: 0 });
    const controller = new AbortController();
    const response = await fetch(`${fake.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.apiKey}` },
      body: JSON.stringify(hello),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const read = response.body!.getReader().read();
    const raced = await Promise.race([read.then(() => 'data'), new Promise((resolve) => setTimeout(() => resolve('silence'), 100))]);
    expect(raced).toBe('silence');
    controller.abort();
    await read.catch(() => undefined);
    expect(await fake.chatRequests()[0].ended).toBe('client-aborted');
  });
});
