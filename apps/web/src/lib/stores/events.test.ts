import type { ChangeEvent } from '@mana/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { apiError, conversation, FakeApi, json, until } from '../../test/fake-api';
import { LiveEvents } from './events.svelte';

/**
 * `GET /events` as the server writes it: a retry hint and a comment, then `event: <type>` +
 * `data: <json>` per change. Open until the client goes away unless `end` is set.
 */
function changeStream(events: ChangeEvent[], options: { end?: boolean } = {}): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode('retry: 3000\n: connected\n\n'));
      for (const event of events) controller.enqueue(encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`));
      if (options.end) controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

const created = (id: string): ChangeEvent => ({ type: 'conversation.created', conversation: conversation({ id, title: id }) });

let live: LiveEvents | null = null;
afterEach(() => live?.stop());

describe('live change events (GET /events)', () => {
  it('follows the stream with the bearer token and hands every event over in order', async () => {
    const api = new FakeApi().on('GET', /^\/events$/, () =>
      changeStream([created('a'), { type: 'message.created', conversationId: 'a', messageId: 'm1', role: 'user', parentId: null, status: 'complete' }, { type: 'conversation.deleted', conversationId: 'b' }]),
    );
    const client = api.client();
    const seen: ChangeEvent[] = [];
    live = new LiveEvents(() => client, { onEvent: (e) => seen.push(e) });
    live.start();
    await until(() => seen.length === 3);
    expect(seen.map((e) => e.type)).toEqual(['conversation.created', 'message.created', 'conversation.deleted']);
    expect(live.status).toBe('live');
    const call = api.callsTo('GET', /^\/events$/)[0];
    expect(call.headers.authorization).toBe('Bearer access');
    expect(call.headers.accept).toBe('text/event-stream');
  });

  it('reconnects with growing delays when the connection ends, and asks for a resync after each reconnect', async () => {
    let connections = 0;
    const api = new FakeApi().on('GET', /^\/events$/, () => {
      connections++;
      if (connections === 2) return apiError(503, 'NOT_READY');
      // The first connection drops at once; the third stays open.
      return changeStream([created(`c${connections}`)], { end: connections === 1 });
    });
    const client = api.client();
    const seen: string[] = [];
    let resyncs = 0;
    live = new LiveEvents(() => client, {
      onEvent: (e) => e.type === 'conversation.created' && seen.push(e.conversation.id),
      onResync: () => resyncs++,
      reconnectDelaysMs: [20, 40, 80],
    });
    const started = Date.now();
    live.start();
    await until(() => seen.length === 2);
    // Waited 20 ms after the drop and 40 ms after the refusal.
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(seen).toEqual(['c1', 'c3']);
    expect(connections).toBe(3);
    expect(resyncs).toBe(1);
    expect(live.connections).toBe(2);
    expect(live.status).toBe('live');
  });

  it('refreshes an expired access token and reconnects with the new one', async () => {
    const api = new FakeApi()
      .on('GET', /^\/events$/, (call) => (call.headers.authorization === 'Bearer fresh' ? changeStream([created('x')]) : apiError(401, 'UNAUTHORIZED')))
      .on('POST', /^\/auth\/refresh$/, () => json({ accessToken: 'fresh', refreshToken: 'r2', tokenType: 'Bearer', expiresIn: 900, user: { id: 'u1' } }));
    const client = api.client();
    const seen: ChangeEvent[] = [];
    live = new LiveEvents(() => client, { onEvent: (e) => seen.push(e) });
    live.start();
    await until(() => seen.length === 1);
    expect(api.callsTo('POST', /^\/auth\/refresh$/)).toHaveLength(1);
    expect(api.callsTo('GET', /^\/events$/).map((c) => c.headers.authorization)).toEqual(['Bearer access', 'Bearer fresh']);
  });

  it('gives up when the session is dead (the refresh is refused) instead of retrying forever', async () => {
    const api = new FakeApi()
      .on('GET', /^\/events$/, () => apiError(401, 'UNAUTHORIZED'))
      .on('POST', /^\/auth\/refresh$/, () => apiError(401, 'UNAUTHORIZED'));
    const client = api.client();
    live = new LiveEvents(() => client, { onEvent: () => {}, reconnectDelaysMs: [5] });
    live.start();
    await until(() => live!.status === 'off');
    await new Promise((r) => setTimeout(r, 30));
    expect(api.callsTo('GET', /^\/events$/)).toHaveLength(1);
    expect(client.isSignedIn).toBe(false);
  });

  it('stop() closes the connection and nothing reconnects', async () => {
    let cancelled = false;
    const api = new FakeApi().on('GET', /^\/events$/, () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(': connected\n\n'));
        },
        cancel() {
          cancelled = true;
        },
      });
      return new Response(body, { status: 200 });
    });
    const client = api.client();
    live = new LiveEvents(() => client, { onEvent: () => {}, reconnectDelaysMs: [5] });
    live.start();
    await until(() => live!.status === 'live');
    live.stop();
    await until(() => cancelled);
    await new Promise((r) => setTimeout(r, 30));
    expect(live.status).toBe('off');
    expect(api.callsTo('GET', /^\/events$/)).toHaveLength(1);
  });

  it('a failing handler does not cut the connection for the events after it', async () => {
    const api = new FakeApi().on('GET', /^\/events$/, () => changeStream([created('bad'), created('good')]));
    const client = api.client();
    const seen: string[] = [];
    const original = console.error;
    console.error = () => {};
    try {
      live = new LiveEvents(() => client, {
        onEvent: (e) => {
          if (e.type === 'conversation.created' && e.conversation.id === 'bad') throw new Error('boom');
          if (e.type === 'conversation.created') seen.push(e.conversation.id);
        },
      });
      live.start();
      await until(() => seen.length === 1);
    } finally {
      console.error = original;
    }
    expect(seen).toEqual(['good']);
    expect(api.callsTo('GET', /^\/events$/)).toHaveLength(1);
  });
});
