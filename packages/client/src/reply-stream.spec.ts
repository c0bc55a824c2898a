import { describe, expect, it } from 'vitest';
import { applyReplyEvent, emptyReply, readReplyStream, type ReplyStreamEvent } from './reply-stream.js';

const encoder = new TextEncoder();
const WIRE =
  ': ping\r\n\r\n' +
  'id: 0\ndata: {"type":"start","messageId":"m1"}\n\n' +
  'id: 1\r\ndata: {"type":"text-start","id":"text-0"}\r\n\r\n' +
  'id: 2\ndata: {"type":"text-delta","id":"text-0","delta":"Grüße "}\n\n' +
  'id: 3\ndata: {"type":"text-delta","id":"text-0","delta":"🌍"}\n\n' +
  'id: 4\ndata: {"type":"text-end","id":"text-0"}\n\n' +
  'id: 5\ndata: {"type":"finish"}\n\n' +
  'data: [DONE]\n\n';

async function* chunksOf(bytes: Uint8Array, cuts: number[]) {
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.slice(start, cut);
    start = cut;
  }
}

async function collect(source: AsyncIterable<Uint8Array>) {
  const events: ReplyStreamEvent[] = [];
  for await (const e of readReplyStream(source)) events.push(e);
  return events;
}

describe('reply stream reader', () => {
  it('reads every event with its sequence id, skipping comments and stopping at [DONE]', async () => {
    const events = await collect(chunksOf(encoder.encode(WIRE), []));
    expect(events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    const reply = events.reduce(applyReplyEvent, emptyReply());
    expect(reply).toMatchObject({ messageId: 'm1', text: 'Grüße 🌍', status: 'complete', lastSeq: 5 });
  });

  it('parses identically when cut at every byte, even inside a UTF-8 character', async () => {
    const bytes = encoder.encode(WIRE);
    const whole = await collect(chunksOf(bytes, []));
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await collect(chunksOf(bytes, [cut]))).toEqual(whole);
    }
    const oneByte = await collect(chunksOf(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)));
    expect(oneByte).toEqual(whole);
  });

  it('ignores replayed events at or below the last sequence seen, so a resume never doubles text', () => {
    let reply = emptyReply();
    const delta = (seq: number, d: string): ReplyStreamEvent => ({ seq, chunk: { type: 'text-delta', id: 'text-0', delta: d } });
    for (const e of [delta(1, 'a'), delta(2, 'b'), delta(2, 'b'), delta(1, 'a'), delta(3, 'c')]) reply = applyReplyEvent(reply, e);
    expect(reply.text).toBe('abc');
  });

  it('records our error code from data-error and marks the reply failed', () => {
    const reply = [
      { seq: 0, chunk: { type: 'data-error', data: { code: 'RATE_LIMITED', message: 'slow down' } } },
      { seq: 1, chunk: { type: 'error', errorText: 'slow down' } },
    ].reduce((s, e) => applyReplyEvent(s, e as ReplyStreamEvent), emptyReply());
    expect(reply).toMatchObject({ status: 'failed', error: { code: 'RATE_LIMITED' } });
  });
});
