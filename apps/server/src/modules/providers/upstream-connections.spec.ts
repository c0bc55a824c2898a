import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFixtureBytes, startFakeOpenRouter, type FakeOpenRouter } from '../../../test/fake-openrouter';
import { chatRequest, collectEvents, summarizeReply } from '../../../test/fake-openrouter/provider-events';
import { OpenAiCompatibleProvider } from './openai-compatible.provider';
import { OpenRouterProvider, type OpenRouterProviderOptions } from './openrouter.provider';
import type { ProviderEvent } from './provider';

let fake: FakeOpenRouter;
beforeAll(async () => {
  fake = await startFakeOpenRouter();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const provider = (options: Partial<OpenRouterProviderOptions> = {}): OpenRouterProvider =>
  new OpenRouterProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, ...options });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Until the fake has seen the connection on `port` close (or the wait is over). */
async function connectionClosed(port: number): Promise<boolean> {
  for (let i = 0; i < 50 && fake.openClientPorts().includes(port); i++) await sleep(10);
  return !fake.openClientPorts().includes(port);
}

describe('kept-alive upstream connections', () => {
  it('sends the next reply over the connection of a reply read to its end', async () => {
    const upstream = provider();
    expect(summarizeReply(await collectEvents(upstream.stream(chatRequest()))).shape).toBe('text,usage,finish');
    expect(summarizeReply(await collectEvents(upstream.stream(chatRequest()))).shape).toBe('text,usage,finish');
    const [first, second] = fake.chatRequests();
    expect(await first.ended).toBe('completed');
    expect(second.clientPort).toBe(first.clientPort);
    upstream.close();
  });

  it('keeps the connection after an error answer and a non-streamed completion', async () => {
    const upstream = provider();
    fake.nextScenario({ error: { status: 429, message: 'slow down', retryAfterS: 3 } });
    const [limited] = await collectEvents(upstream.stream(chatRequest()));
    expect(limited.type === 'error' && limited.error.code).toBe('RATE_LIMITED');
    expect((await upstream.complete(chatRequest())).ok).toBe(true);
    await collectEvents(upstream.stream(chatRequest()));
    const ports = new Set(fake.chatRequests().map((request) => request.clientPort));
    expect(ports.size).toBe(1);
    upstream.close();
  });

  it('closes the connection of a stopped reply, and the next reply opens a new one', async () => {
    const upstream = provider();
    fake.nextScenario({ stream: { deltas: 500, intervalMs: 10 } });
    const controller = new AbortController();
    const events: ProviderEvent[] = [];
    for await (const event of upstream.stream(chatRequest({ signal: controller.signal }))) {
      events.push(event);
      if (events.length === 2) controller.abort();
    }
    expect(summarizeReply(events).error?.code).toBe('CANCELLED');
    const [stopped] = fake.chatRequests();
    expect(await stopped.ended).toBe('client-aborted');
    expect(await connectionClosed(stopped.clientPort)).toBe(true);

    await collectEvents(upstream.stream(chatRequest()));
    expect(fake.chatRequests()[1].clientPort).not.toBe(stopped.clientPort);
    upstream.close();
  });

  it('closes a connection whose body does not end within a second of the finished reply', async () => {
    fake.nextScenario({ fixture: 'stream-basic.sse', endDelayMs: 3_000 });
    const summary = summarizeReply(await collectEvents(provider().stream(chatRequest())));
    expect(summary.shape).toBe('text,usage,finish'); // the reply itself is complete at `[DONE]`
    const started = Date.now();
    const [request] = fake.chatRequests();
    while (fake.openClientPorts().includes(request.clientPort) && Date.now() - started < 2_500) await sleep(20);
    expect(fake.openClientPorts()).not.toContain(request.clientPort);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('times out a non-streamed answer that goes silent, and closes its connection', async () => {
    fake.nextScenario({ fixture: 'completion-wire.txt', stallAfterBytes: 20 });
    const result = await provider({ idleTimeoutMs: 150 }).complete(chatRequest());
    expect(!result.ok && result.error.toJSON()).toEqual({ code: 'UPSTREAM_TIMEOUT', message: 'OpenRouter sent nothing for 0 s.' });
    expect(await fake.chatRequests()[0].ended).toBe('client-aborted');
  });

  it('relays every delta of a fast stream to a consumer that falls behind', async () => {
    // ~750 kB in one burst: the response is paused while the consumer sleeps, then resumed.
    fake.nextScenario({ stream: { deltas: 3_000 } });
    const events: ProviderEvent[] = [];
    for await (const event of provider().stream(chatRequest())) {
      events.push(event);
      if (events.length % 500 === 0) await sleep(30);
    }
    const summary = summarizeReply(events);
    expect(summary.shape).toBe('text,usage,finish');
    expect(summary.text).toBe(Array.from({ length: 3_000 }, (_, i) => `word${i} `).join(''));
  });

  it('closes its idle connections when the provider is closed (application shutdown)', async () => {
    const upstream = provider();
    await collectEvents(upstream.stream(chatRequest()));
    const [request] = fake.chatRequests();
    await request.ended;
    await sleep(20);
    expect(fake.openClientPorts()).toContain(request.clientPort);
    upstream.close();
    expect(await connectionClosed(request.clientPort)).toBe(true);
  });
});

describe('HTTPS upstreams', () => {
  // A self-signed certificate for 127.0.0.1, made for this test only (valid until 2126).
  const key = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg2k+YyN3eVG1B0t2w
UztYIvDFlZPkgcFqEbqooCrQwQChRANCAASCjodflpL5NnXa704GjSLJ4X7Ndef+
x1QdbdPRM37OY4ds6ObnTeQ1HOH5zPj7AxC4RCY6rW+w5FFvkaICWUkC
-----END PRIVATE KEY-----`;
  const cert = `-----BEGIN CERTIFICATE-----
MIIBmzCCAUGgAwIBAgIUSyyD7LCf2aSiK5p4vEQ3/w77nIEwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNTAyMTIxNFoYDzIxMjYxMTAx
MDIxMjE0WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASCjodflpL5NnXa704GjSLJ4X7Ndef+x1QdbdPRM37OY4ds6ObnTeQ1
HOH5zPj7AxC4RCY6rW+w5FFvkaICWUkCo28wbTAdBgNVHQ4EFgQU5ei9KO72FRYs
4ld8f4WnHE21a6wwHwYDVR0jBBgwFoAU5ei9KO72FRYs4ld8f4WnHE21a6wwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI
zj0EAwIDSAAwRQIgVS3Fi+oRg4BVErWwxecbJ8mFGZhGn17d9TY9QMt6izUCIQCR
FXl9lBREq2o4MjaFUJPD3C2G4DsfEmzdT8plLjcENA==
-----END CERTIFICATE-----`;

  it('streams over TLS and sends the next reply over the same TLS connection', async () => {
    const stream = readFixtureBytes('stream-basic.sse');
    let handshakes = 0;
    const server = createHttpsServer({ key, cert }, (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(stream);
      });
    });
    server.on('secureConnection', () => handshakes++);
    const port = await listen(server);
    // The client cannot be told to trust this certificate without a test-only option; this
    // process-wide switch is read per connection and is restored right after.
    const verify = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    const upstream = provider({ baseUrl: `https://127.0.0.1:${port}/api/v1` });
    try {
      for (let i = 0; i < 2; i++) {
        const summary = summarizeReply(await collectEvents(upstream.stream(chatRequest())));
        expect(summary.finish).toEqual({ finishReason: 'stop', servedModel: 'openai/gpt-4o-mini' });
      }
      expect(handshakes).toBe(1);
    } finally {
      if (verify === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = verify;
      upstream.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('catalog downloads', () => {
  it('asks for a gzip-compressed catalog and reads it', async () => {
    const catalog = { object: 'list', data: [{ id: 'llama3.2:3b', object: 'model' }] };
    let asked: IncomingMessage['headers'] | undefined;
    const server = createHttpServer((req, res) => {
      asked = req.headers;
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify(catalog)));
    });
    const port = await listen(server);
    const local = new OpenAiCompatibleProvider({ baseUrl: `http://127.0.0.1:${port}/v1` });
    try {
      const result = await local.listModels();
      expect(result.ok && result.value.map((model) => model.id)).toEqual(['llama3.2:3b']);
      expect(asked?.['accept-encoding']).toBe('gzip');
    } finally {
      local.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('asks for uncompressed replies', async () => {
    await collectEvents(provider().stream(chatRequest()));
    expect(fake.chatRequests()[0].headers['accept-encoding']).toBe('identity');
  });
});

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
