import { ManaClient } from '@mana/client';
import type { Conversation, Message, StreamChunk } from '@mana/contracts';

/** One request the fake API received. */
export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (call: Call) => Response | Promise<Response>;

export const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
export const apiError = (status: number, code: string, message = code) => json({ error: { code, message } }, status);

/**
 * A reply stream as the server writes it: `id: <seq>` + `data: {chunk}` per event and a final
 * [DONE] when `done`. Without `done` the connection just ends, like a dropped network.
 */
export function sse(events: { seq: number; chunk: StreamChunk }[], options: { done?: boolean; gapMs?: number } = {}): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const { seq, chunk } of events) {
        controller.enqueue(encoder.encode(`id: ${seq}\ndata: ${JSON.stringify(chunk)}\n\n`));
        if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
      }
      if (options.done !== false) controller.enqueue(encoder.encode('data: [DONE]\n\n'));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

/** The events of a whole reply, numbered from 0: start, data-message, text deltas, usage, finish. */
export function replyEvents(assistant: Message, user: Message | null, deltas: string[], end: StreamChunk[] = [{ type: 'finish' }]) {
  const chunks: StreamChunk[] = [
    { type: 'start', messageId: assistant.id },
    { type: 'data-message', data: { userMessage: user, assistantMessage: assistant } },
    { type: 'text-start', id: 'text-0' },
    ...deltas.map((delta): StreamChunk => ({ type: 'text-delta', id: 'text-0', delta })),
    { type: 'text-end', id: 'text-0' },
    { type: 'data-usage', data: { modelId: assistant.modelId, promptTokens: 12, completionTokens: 34, costUsd: 0.00042, ttftMs: 80, durationMs: 900 } },
    ...end,
  ];
  return chunks.map((chunk, seq) => ({ seq, chunk }));
}

/** A minimal in-memory Mana API: routes are matched by method and a path regexp. */
export class FakeApi {
  readonly calls: Call[] = [];
  private readonly routes: { method: string; path: RegExp; handler: Handler }[] = [];

  on(method: string, path: RegExp, handler: Handler): this {
    this.routes.unshift({ method, path, handler });
    return this;
  }

  readonly fetch = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input);
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const call: Call = {
      method: init.method ?? 'GET',
      path,
      query: url.searchParams,
      headers: Object.fromEntries(Object.entries((init.headers as Record<string, string>) ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    };
    this.calls.push(call);
    const route = this.routes.find((r) => r.method === call.method && r.path.test(path));
    if (!route) return apiError(404, 'NOT_FOUND', `no fake route for ${call.method} ${path}`);
    return route.handler(call);
  };

  client(tokens = { accessToken: 'access', refreshToken: 'refresh' }) {
    return new ManaClient({ baseUrl: 'http://mana.test', fetch: this.fetch, tokens });
  }

  callsTo(method: string, path: RegExp) {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }
}

let counter = 0;
export function message(fields: Partial<Message> & Pick<Message, 'role'>): Message {
  const id = fields.id ?? `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
  return {
    id,
    conversationId: 'c1',
    parentId: null,
    content: '',
    reasoning: null,
    modelId: fields.role === 'assistant' ? 'builtin/echo' : null,
    status: 'complete',
    error: null,
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
    ttftMs: null,
    durationMs: null,
    createdAt: new Date(Date.UTC(2026, 10, 24, 12, 0, counter)).toISOString(),
    updatedAt: new Date(Date.UTC(2026, 10, 24, 12, 0, counter)).toISOString(),
    siblingIds: [id],
    ...fields,
  };
}

export const conversation = (fields: Partial<Conversation> = {}): Conversation => ({
  id: 'c1',
  title: 'New chat',
  modelId: 'builtin/echo',
  systemPrompt: null,
  spaceId: null,
  templateId: null,
  activeLeafId: null,
  isPinned: false,
  isArchived: false,
  isDocument: false,
  createdAt: '2026-11-24T12:00:00.000Z',
  updatedAt: '2026-11-24T12:00:00.000Z',
  lastMessageAt: '2026-11-24T12:00:00.000Z',
  ...fields,
});

/** Resolves once `check` passes (polling), or fails after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
