import { ManaClient, readReplyStream } from '@mana/client';
import {
  byteStream,
  controlledStream,
  createFakeApi,
  encode,
  json,
  makeMessage,
  replyEvents,
  sseText,
  splitBytes,
  stream,
  apiError,
} from '../../../test/fake-api';
import { ReplyStreams } from './reply-streams';

const conversationId = '11111111-1111-4111-8111-111111111111';
const user = makeMessage({ conversationId, role: 'user', content: 'Hi' });
const assistant = makeMessage({ conversationId, role: 'assistant', content: '', status: 'pending', parentId: user.id, modelId: 'builtin/echo' });
const deltas = ['Grüße ', 'aus ', 'Köln ', '🎉 ', 'und ', 'mehr.'];
const fullText = deltas.join('');

async function collectText(body: ReadableStream<Uint8Array>) {
  let text = '';
  const seqs: number[] = [];
  for await (const { seq, chunk } of readReplyStream(body)) {
    seqs.push(seq);
    if (chunk.type === 'text-delta') text += chunk.delta;
  }
  return { text, seqs };
}

function setup(options: { isForeground?: () => boolean } = {}) {
  const api = createFakeApi();
  const client = new ManaClient({ baseUrl: api.baseUrl, fetch: api.fetch, tokens: { accessToken: 'a', refreshToken: 'r' } });
  const settled: string[] = [];
  const announced: string[] = [];
  const streams = new ReplyStreams({
    client: () => client,
    retryDelaysMs: [5, 10, 20],
    onMessages: (_, data) => announced.push(data.assistantMessage.id),
    onSettled: (_, messageId) => settled.push(messageId),
    ...options,
  });
  return { api, streams, settled, announced };
}

const until = async (condition: () => boolean, timeoutMs = 2_000) => {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 2));
  }
};

describe('the reply stream reader on mobile', () => {
  it('reassembles events split at odd byte boundaries, even inside a UTF-8 character', async () => {
    const bytes = encode(sseText(replyEvents(user, assistant, deltas)));
    for (const sizes of [[1], [2, 5, 3], [7, 1, 13], [64]]) {
      const { text, seqs } = await collectText(byteStream(splitBytes(bytes, sizes)));
      expect(text).toBe(fullText);
      expect(seqs).toEqual(replyEvents(user, assistant, deltas).map((e) => e.seq));
    }
  });

  it('reads CRLF line ends and skips keep-alive comments', async () => {
    const text = sseText(replyEvents(user, assistant, deltas), { newline: '\r\n' });
    const withPing = `: ping\r\n\r\n${text}`;
    const result = await collectText(byteStream(splitBytes(encode(withPing), [3, 11])));
    expect(result.text).toBe(fullText);
  });
});

describe('ReplyStreams', () => {
  it('re-attaches with Last-Event-ID after a cut and shows every delta once, although the server replays', async () => {
    const { api, streams, settled } = setup();
    const events = replyEvents(user, assistant, deltas);
    // The POST stream breaks after seq 4 (two deltas in).
    api.once('POST', `/conversations/${conversationId}/messages`, stream(byteStream(splitBytes(encode(sseText(events.slice(0, 5), { done: false })), [9]), { cut: true })));
    // The re-attach replays from seq 3 (one already applied) and then delivers the rest.
    api.once('GET', `/messages/${assistant.id}/stream`, stream(byteStream([encode(sseText(events.slice(3)))])));

    const data = await streams.send(conversationId, { content: 'Hi' });
    expect(data.assistantMessage.id).toBe(assistant.id);
    await until(() => settled.includes(assistant.id));

    const reply = streams.get(assistant.id)!;
    expect(reply.text).toBe(fullText);
    expect(reply.status).toBe('complete');
    expect(reply.connection).toBe('closed');
    expect(reply.usage?.costUsd).toBe(0.00042);
    const [attach] = api.find('GET', `/messages/${assistant.id}/stream`);
    expect(attach!.headers['last-event-id']).toBe('4');
  });

  it('keeps retrying with backoff while the server is unreachable, then finishes the reply', async () => {
    const { api, streams, settled } = setup();
    const events = replyEvents(user, assistant, deltas);
    api.once('POST', `/conversations/${conversationId}/messages`, stream(byteStream([encode(sseText(events.slice(0, 4), { done: false }))], { cut: true })));
    let failures = 0;
    api.on('GET', `/messages/${assistant.id}/stream`, (request) => {
      if (failures++ < 2) throw new TypeError('Network request failed');
      const from = Number(request.headers['last-event-id']) + 1;
      return stream(byteStream([encode(sseText(events.slice(from)))]));
    });

    await streams.send(conversationId, { content: 'Hi' });
    await until(() => settled.includes(assistant.id));
    expect(streams.get(assistant.id)!.text).toBe(fullText);
    expect(api.find('GET', `/messages/${assistant.id}/stream`).map((r) => r.headers['last-event-id'])).toEqual(['3', '3', '3']);
  });

  it('waits in the background and re-attaches when the app returns', async () => {
    let foreground = true;
    const { api, streams, settled } = setup({ isForeground: () => foreground });
    const events = replyEvents(user, assistant, deltas);
    const first = controlledStream();
    api.once('POST', `/conversations/${conversationId}/messages`, stream(first.body));
    api.once('GET', `/messages/${assistant.id}/stream`, (request) => stream(byteStream([encode(sseText(events.slice(Number(request.headers['last-event-id']) + 1)))])));

    const sent = streams.send(conversationId, { content: 'Hi' });
    first.push(sseText(events.slice(0, 4), { done: false }));
    await sent;
    await until(() => streams.get(assistant.id)?.text === deltas[0]);

    foreground = false;
    first.cut();
    await until(() => streams.get(assistant.id)?.connection === 'reconnecting');
    await new Promise((r) => setTimeout(r, 50));
    expect(api.find('GET', `/messages/${assistant.id}/stream`)).toHaveLength(0);

    foreground = true;
    streams.resumeAll();
    await until(() => settled.includes(assistant.id));
    expect(streams.get(assistant.id)!.text).toBe(fullText);
  });

  it('replaces a connection that may have died silently when the app comes back', async () => {
    const { api, streams, settled } = setup();
    const events = replyEvents(user, assistant, deltas);
    const hung = controlledStream();
    api.once('POST', `/conversations/${conversationId}/messages`, stream(hung.body));
    api.once('GET', `/messages/${assistant.id}/stream`, stream(byteStream([encode(sseText(events.slice(2)))])));

    const sent = streams.send(conversationId, { content: 'Hi' });
    hung.push(sseText(events.slice(0, 5), { done: false }));
    await sent;
    await until(() => streams.get(assistant.id)?.lastSeq === 4);

    streams.resumeAll();
    await until(() => settled.includes(assistant.id));
    expect(streams.get(assistant.id)!.text).toBe(fullText);
    expect(api.find('GET', `/messages/${assistant.id}/stream`)[0]!.headers['last-event-id']).toBe('4');
  });

  it('attaches to a reply found still streaming after a reload, from the beginning', async () => {
    const { api, streams, settled } = setup();
    api.once('GET', `/messages/${assistant.id}/stream`, stream(byteStream(splitBytes(encode(sseText(replyEvents(user, assistant, deltas))), [5]))));
    streams.attach(conversationId, assistant.id);
    streams.attach(conversationId, assistant.id);
    await until(() => settled.includes(assistant.id));
    expect(streams.get(assistant.id)!.text).toBe(fullText);
    const attaches = api.find('GET', `/messages/${assistant.id}/stream`);
    expect(attaches).toHaveLength(1);
    expect(attaches[0]!.headers['last-event-id']).toBeUndefined();
  });

  it('follows a reply announced elsewhere, but only after a pending send of this device named its own', async () => {
    const { api, streams } = setup();
    const post = controlledStream();
    api.once('POST', `/conversations/${conversationId}/messages`, stream(post.body));
    const other = makeMessage({ conversationId, role: 'assistant', content: '', status: 'pending', parentId: user.id, modelId: 'builtin/echo' });
    api.on('GET', `/messages/${other.id}/stream`, () => stream(byteStream([encode(sseText(replyEvents(null, other, ['Elsewhere.'])))])));

    const sent = streams.send(conversationId, { content: 'Hi' });
    expect(streams.isStarting(conversationId)).toBe(true);
    // Both arrive on /events before this device's stream named its reply.
    streams.follow(conversationId, assistant.id);
    streams.follow(conversationId, other.id);
    expect(api.find('GET', /\/stream$/)).toHaveLength(0);

    post.push(sseText(replyEvents(user, assistant, deltas)));
    post.close();
    await sent;
    await until(() => streams.get(other.id)?.status === 'complete');
    expect(streams.isStarting(conversationId)).toBe(false);
    expect(streams.get(other.id)?.text).toBe('Elsewhere.');
    expect(api.find('GET', /\/stream$/).map((r) => r.path)).toEqual([`/messages/${other.id}/stream`]);
    streams.follow(conversationId, other.id);
    expect(api.find('GET', /\/stream$/)).toHaveLength(1);
    streams.dispose();
  });

  it('stops retrying when the reply no longer exists', async () => {
    const { api, streams, settled } = setup();
    api.on('GET', `/messages/${assistant.id}/stream`, apiError(404, 'NOT_FOUND'));
    streams.attach(conversationId, assistant.id);
    await until(() => settled.includes(assistant.id));
    expect(api.find('GET', `/messages/${assistant.id}/stream`)).toHaveLength(1);
    expect(streams.get(assistant.id)!.connection).toBe('closed');
  });

  it('rejects a send that fails before the server announced the turn', async () => {
    const { api, streams } = setup();
    api.once('POST', `/conversations/${conversationId}/messages`, apiError(400, 'MODEL_UNAVAILABLE', 'No such model'));
    await expect(streams.send(conversationId, { content: 'Hi' })).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
  });

  it('asks the server to stop and lets the stream deliver the abort', async () => {
    const { api, streams, settled } = setup();
    const events = replyEvents(user, assistant, deltas);
    const live = controlledStream();
    api.once('POST', `/conversations/${conversationId}/messages`, stream(live.body));
    api.once('POST', `/messages/${assistant.id}/stop`, () => {
      live.push(sseText([{ seq: 5, chunk: { type: 'abort' } }, { seq: 6, chunk: { type: 'finish' } }]));
      live.close();
      return json(200, { ...assistant, status: 'cancelled' });
    });
    const sent = streams.send(conversationId, { content: 'Hi' });
    live.push(sseText(events.slice(0, 5), { done: false }));
    await sent;
    await streams.stop(assistant.id);
    await until(() => settled.includes(assistant.id));
    expect(streams.get(assistant.id)).toMatchObject({ status: 'cancelled', text: deltas.slice(0, 2).join('') });
  });
});
