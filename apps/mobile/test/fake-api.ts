import type { FetchLike } from '@mana/client';
import type { AiModel, AuthTokens, ChangeEvent, Conversation, Message, Space, StreamChunk } from '@mana/contracts';

/** Just enough of a fetch Response for ManaClient: status, headers, JSON/text and a byte stream. */
export class FakeResponse {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  constructor(
    readonly status: number,
    private readonly payload: unknown,
    headers: Record<string, string> = {},
  ) {
    this.ok = status >= 200 && status < 300;
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    this.headers = { get: (name) => lower[name.toLowerCase()] ?? null };
  }
  get body(): ReadableStream<Uint8Array> | null {
    return this.payload instanceof ReadableStream ? this.payload : null;
  }
  async json(): Promise<unknown> {
    return typeof this.payload === 'string' ? JSON.parse(this.payload) : this.payload;
  }
  async text(): Promise<string> {
    return typeof this.payload === 'string' ? this.payload : JSON.stringify(this.payload);
  }
}

export const json = (status: number, body: unknown) => new FakeResponse(status, body, { 'content-type': 'application/json' });
export const apiError = (status: number, code: string, message = code) => json(status, { error: { code, message } });
export const stream = (body: ReadableStream<Uint8Array>) => new FakeResponse(200, body, { 'content-type': 'text/event-stream' });

export interface SequencedChunk {
  seq: number;
  chunk: StreamChunk;
}

/** SSE text as the server writes it: `id: <seq>` and `data: {json}` per event, `[DONE]` at the end. */
export function sseText(events: SequencedChunk[], { done = true, newline = '\n' }: { done?: boolean; newline?: string } = {}): string {
  const lines = events.map(({ seq, chunk }) => `id: ${seq}${newline}data: ${JSON.stringify(chunk)}${newline}${newline}`);
  if (done) lines.push(`data: [DONE]${newline}${newline}`);
  return lines.join('');
}

/** Cuts bytes into pieces of the given sizes (repeating), e.g. [1, 7, 3] — boundaries land anywhere. */
export function splitBytes(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    pieces.push(bytes.slice(at, at + size));
    at += size;
  }
  return pieces;
}

/** A byte stream of fixed pieces; with `cut` it fails like a dropped connection instead of ending. */
export function byteStream(pieces: Uint8Array[], { cut = false }: { cut?: boolean } = {}): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index < pieces.length) controller.enqueue(pieces[index++]!);
      else if (cut) controller.error(new TypeError('Network connection was lost'));
      else controller.close();
    },
  });
}

export const encode = (text: string) => new TextEncoder().encode(text);

/** A stream the test feeds by hand, to look at the screen between events. */
export function controlledStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return {
    body,
    push: (text: string) => controller.enqueue(encode(text)),
    cut: () => controller.error(new TypeError('Network connection was lost')),
    close: () => controller.close(),
  };
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (request: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

/** A stream that stays open without a byte until the reader cancels it (an idle `GET /events`). */
export function idleStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => undefined) });
}

/** Server-Sent Events as `GET /events` writes them: `event: <type>` and `data: <json>`. */
export function changeEventText(events: ChangeEvent[]): string {
  return events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}

/**
 * A fake of the API behind `fetch`: routes are matched in the order they were added (latest
 * `once` first), then the fallbacks; every request is recorded, and an unrouted request fails the
 * test loudly.
 */
export function createFakeApi(baseUrl = 'http://api.test') {
  const routes: { method: string; pattern: RegExp; handler: Handler; once: boolean }[] = [];
  const fallbacks: typeof routes = [];
  const requests: RecordedRequest[] = [];

  const fetch: FetchLike = async (input, init = {}) => {
    const url = new URL(input);
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const request: RecordedRequest = {
      method: (init.method ?? 'GET').toUpperCase(),
      path: url.pathname.replace(/^\/api\/v1/, ''),
      query: url.searchParams,
      headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const matches = (r: (typeof routes)[number]) => r.method === request.method && r.pattern.test(request.path);
    const index = routes.findIndex(matches);
    const route = index === -1 ? fallbacks.find(matches) : routes[index]!;
    if (!route) throw new Error(`fake API: no route for ${request.method} ${request.path}`);
    if (index !== -1 && route.once) routes.splice(index, 1);
    return (await route.handler(request)) as unknown as Response;
  };

  const route = (method: string, path: string | RegExp, handler: Handler | FakeResponse, once: boolean) => ({
    method,
    pattern: typeof path === 'string' ? new RegExp(`^${path.replace(/:[a-z]+/gi, '[^/]+')}$`) : path,
    handler: typeof handler === 'function' ? handler : () => handler,
    once,
  });
  const add = (once: boolean) => (method: string, path: string | RegExp, handler: Handler | FakeResponse) => {
    if (once) routes.unshift(route(method, path, handler, true));
    else routes.push(route(method, path, handler, false));
  };

  return {
    baseUrl,
    fetch,
    requests,
    /** Answers every matching request. */
    on: add(false),
    /** Answers the next matching request only (takes precedence over `on`). */
    once: add(true),
    /** Answers what no other route matches (defaults a test can replace with `on`). */
    fallback: (method: string, path: string | RegExp, handler: Handler | FakeResponse) => void fallbacks.push(route(method, path, handler, false)),
    find: (method: string, path: string | RegExp) =>
      requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path))),
  };
}
export type FakeApi = ReturnType<typeof createFakeApi>;

// ---- factories --------------------------------------------------------------------------------

let counter = 0;
/** A UUID-shaped id that is unique within a test run. */
export const uuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

export const makeUser = () => ({ id: 'user-1', email: 'mia@example.com', name: 'Mia', createdAt: '2026-11-01T10:00:00.000Z' });

export const makeTokens = (n = 1): AuthTokens => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  expiresIn: 900,
  tokenType: 'Bearer',
  user: makeUser(),
});

export function makeConversation(patch: Partial<Conversation> = {}): Conversation {
  return {
    id: uuid(),
    title: 'A conversation',
    modelId: 'builtin/echo',
    systemPrompt: null,
    spaceId: null,
    templateId: null,
    activeLeafId: null,
    isPinned: false,
    isArchived: false,
    isDocument: false,
    createdAt: '2026-11-24T09:00:00.000Z',
    updatedAt: '2026-11-24T09:00:00.000Z',
    lastMessageAt: '2026-11-24T09:00:00.000Z',
    ...patch,
  };
}

export function makeMessage(patch: Partial<Message> & Pick<Message, 'conversationId'>): Message {
  const id = patch.id ?? uuid();
  return {
    id,
    parentId: null,
    role: 'user',
    content: 'Hello',
    reasoning: null,
    modelId: null,
    status: 'complete',
    error: null,
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
    ttftMs: null,
    durationMs: null,
    createdAt: '2026-11-24T09:00:00.000Z',
    updatedAt: '2026-11-24T09:00:00.000Z',
    siblingIds: [id],
    ...patch,
  };
}

export const models: AiModel[] = [
  {
    id: 'builtin/echo',
    name: 'Offline echo',
    provider: 'builtin',
    description: 'Repeats your message',
    contextLength: 8192,
    pricingInput: 0,
    pricingOutput: 0,
    isActive: true,
    isDefault: true,
  },
  {
    id: 'openai/gpt-4o-mini',
    name: 'GPT-4o mini',
    provider: 'openrouter',
    description: 'Small and fast',
    contextLength: 128000,
    pricingInput: 0.15,
    pricingOutput: 0.6,
    isActive: true,
    isDefault: false,
  },
];

/** The events of one reply: start, data-message, text deltas, usage, finish (seq from 0). */
export function replyEvents(user: Message | null, assistant: Message, deltas: string[], usage = { costUsd: 0.00042, promptTokens: 12, completionTokens: 30 }): SequencedChunk[] {
  const chunks: StreamChunk[] = [
    { type: 'start', messageId: assistant.id },
    { type: 'data-message', data: { userMessage: user, assistantMessage: assistant } },
    { type: 'text-start', id: 'text-0' },
    ...deltas.map((delta): StreamChunk => ({ type: 'text-delta', id: 'text-0', delta })),
    { type: 'text-end', id: 'text-0' },
    { type: 'data-usage', data: { modelId: assistant.modelId, ...usage, ttftMs: 40, durationMs: 900 } },
    { type: 'finish' },
  ];
  return chunks.map((chunk, seq) => ({ seq, chunk }));
}

export function makeSpace(patch: Partial<Space> = {}): Space {
  return {
    id: uuid(),
    name: 'Design team',
    description: null,
    ownerId: 'user-1',
    role: 'owner',
    memberCount: 1,
    createdAt: '2026-11-20T09:00:00.000Z',
    updatedAt: '2026-11-20T09:00:00.000Z',
    ...patch,
  };
}
