import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readFixture, readFixtureJson } from './fixtures';
import { writeReply, type ReplyEnd } from './reply-writer';
import { planReply, type Scenario } from './scenarios';

export const FAKE_OPENROUTER_KEY = 'sk-or-v1-fake-test-key';

export interface RecordedRequest {
  method: string;
  /** Path below the base URL, e.g. `/chat/completions`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The client's port: the same value on two requests means one kept-alive connection. */
  clientPort: number;
  /** Parsed JSON body, the raw text when it was not JSON, or null when empty. */
  body: any;
  /** How the answer ended, once it has: `client-aborted` means the client went away first. */
  end: ReplyEnd | null;
  /** Resolves with `end`. */
  ended: Promise<ReplyEnd>;
}

export interface FakeGeneration {
  id: string;
  model: string;
  streamed: boolean;
  cancelled: boolean;
}

export interface FakeOpenRouterOptions {
  /** Keys that authenticate; default `[FAKE_OPENROUTER_KEY]`. */
  apiKeys?: string[];
  /** The body of `GET /models`; default the `models.json` fixture. */
  models?: unknown;
}

export interface FakeOpenRouter {
  /** `http://127.0.0.1:<port>/api/v1`: what a provider takes as its base URL. */
  baseUrl: string;
  /** A key that authenticates. */
  apiKey: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** The `POST /chat/completions` requests only. */
  chatRequests(): RecordedRequest[];
  /** Queue scenarios for the next chat requests (first in, first used). */
  nextScenario(...scenarios: Scenario[]): void;
  /** Answer every chat request for `model` with `scenario` (when nothing is queued). */
  scenarioForModel(model: string, scenario: Scenario): void;
  /** Client ports of the connections open right now (a kept-alive connection stays in the list). */
  openClientPorts(): number[];
  /** Generations served, by id, as `GET /generation` reports them. */
  generations: Map<string, FakeGeneration>;
  /** Forgets requests, queued scenarios and generations. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback that speaks OpenRouter's wire protocol (PROTOCOL.md), so provider
 * tests exercise fetch, sockets and SSE framing for real. Without a chosen scenario it answers a
 * streaming request with `stream-basic.sse` and a non-streaming one with the padded `completion-wire.txt`.
 */
export async function startFakeOpenRouter(options: FakeOpenRouterOptions = {}): Promise<FakeOpenRouter> {
  const apiKeys = new Set(options.apiKeys ?? [FAKE_OPENROUTER_KEY]);
  const modelsBody = JSON.stringify(options.models ?? readFixtureJson('models.json'));
  const requests: RecordedRequest[] = [];
  const queue: Scenario[] = [];
  const byModel = new Map<string, Scenario>();
  const generations = new Map<string, FakeGeneration>();
  let generationCount = 0;
  const newGenerationId = (): string => `gen-1777000000-fake${String(++generationCount).padStart(16, '0')}`;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 500, message: `fake OpenRouter failed: ${String(error)}` } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const text = await readBody(req);
    let settle!: (end: ReplyEnd) => void;
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      headers: req.headers,
      clientPort: req.socket.remotePort ?? 0,
      body: parseBody(text),
      end: null,
      ended: new Promise((resolve) => (settle = resolve)),
    };
    recorded.ended.then((end) => (recorded.end = end));
    requests.push(recorded);

    if (req.method === 'GET' && path === '/models') {
      return settle(sendText(res, 200, modelsBody));
    }
    const authError = checkKey(req.headers.authorization, apiKeys);
    if (authError !== null) return settle(sendText(res, 401, authError));

    if (req.method === 'GET' && (path === '/key' || path === '/auth/key')) {
      return settle(sendText(res, 200, readFixture('key.json')));
    }
    if (req.method === 'GET' && path === '/generation') {
      return settle(answerGeneration(res, url.searchParams.get('id'), generations));
    }
    if (req.method === 'POST' && path === '/chat/completions') {
      const body = recorded.body as { messages?: unknown; model?: unknown; stream?: unknown } | null;
      if (body === null || typeof body !== 'object' || !Array.isArray(body.messages) || body.messages.length === 0) {
        return settle(sendJson(res, 400, { error: { code: 400, message: 'Input required: specify "messages" (a non-empty array)' } }));
      }
      const model = typeof body.model === 'string' ? body.model : 'openrouter/auto';
      const scenario = queue.shift() ?? byModel.get(model) ?? defaultScenario(body.stream === true);
      const plan = planReply(scenario, newGenerationId);
      if (plan.generationId !== null) {
        generations.set(plan.generationId, { id: plan.generationId, model, streamed: plan.streamed, cancelled: false });
      }
      const clientGone = watchForClientAbort(res);
      const written = await writeReply(res, plan, scenario);
      // A stalled answer stays open until the client gives up (or `close()` ends it).
      const end = written === 'stalled' ? await clientGone : written;
      if (end === 'client-aborted' && plan.generationId !== null) {
        // PROTOCOL.md §4: a stopped stream is recorded as cancelled and gets no usage.
        generations.get(plan.generationId)!.cancelled = true;
      }
      return settle(end);
    }
    settle(sendJson(res, 404, { error: { code: 404, message: `Not found: ${req.method} ${path}` } }));
  }

  const openConnections = new Set<Socket>();
  server.on('connection', (socket) => {
    openConnections.add(socket);
    socket.on('close', () => openConnections.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    apiKey: [...apiKeys][0],
    requests,
    chatRequests: () => requests.filter((r) => r.method === 'POST' && r.path === '/chat/completions'),
    nextScenario: (...scenarios) => void queue.push(...scenarios),
    scenarioForModel: (model, scenario) => void byModel.set(model, scenario),
    openClientPorts: () => [...openConnections].map((socket) => socket.remotePort ?? 0),
    generations,
    reset() {
      requests.length = 0;
      queue.length = 0;
      byModel.clear();
      generations.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function defaultScenario(stream: boolean): Scenario {
  return stream ? { fixture: 'stream-basic.sse' } : { fixture: 'completion-wire.txt' };
}

/** PROTOCOL.md §7.1: missing key and unknown key answer 401 with different messages, no `user_id`. */
function checkKey(authorization: string | undefined, apiKeys: Set<string>): string | null {
  const match = /^Bearer (.+)$/.exec(authorization ?? '');
  if (match === null) return JSON.stringify({ error: { code: 401, message: 'No cookie auth credentials found' } });
  if (!apiKeys.has(match[1])) return readFixture('error-401.json');
  return null;
}

function answerGeneration(res: ServerResponse, id: string | null, generations: Map<string, FakeGeneration>): ReplyEnd {
  const generation = id === null ? undefined : generations.get(id);
  if (generation === undefined) return sendJson(res, 404, { error: { code: 404, message: `Generation ${id} not found` } });
  const { data } = readFixtureJson<{ data: Record<string, unknown> }>('generation.json');
  return sendJson(res, 200, {
    data: { ...data, id: generation.id, model: generation.model, streamed: generation.streamed, cancelled: generation.cancelled },
  });
}

/** Resolves `client-aborted` if the connection closes before the answer was fully sent. */
function watchForClientAbort(res: ServerResponse): Promise<ReplyEnd> {
  return new Promise((resolve) => res.on('close', () => resolve(res.writableFinished ? 'completed' : 'client-aborted')));
}

function sendJson(res: ServerResponse, status: number, body: unknown): ReplyEnd {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return 'completed';
}

function sendText(res: ServerResponse, status: number, json: string): ReplyEnd {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(json);
  return 'completed';
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
