import { describe, expect, it } from 'vitest';
import { LiveReply } from './live-reply.svelte';

describe('live reply', () => {
  it('folds every delta at once but updates what the UI reads only once per frame', () => {
    const frames: (() => void)[] = [];
    const reply = new LiveReply({}, (run) => frames.push(run));
    let flushes = 0;
    reply.onFlush(() => flushes++);
    for (let seq = 0; seq < 500; seq++) reply.receive({ seq, chunk: { type: 'text-delta', id: 'text-0', delta: 'x' } });
    expect(frames).toHaveLength(1);
    expect(reply.snapshot.text).toHaveLength(500);
    expect(reply.text).toBe('');
    frames[0]();
    expect(reply.text).toHaveLength(500);
    expect(flushes).toBe(1);
    expect(reply.started).toBe(true);
  });

  it('ignores replayed events it already has', () => {
    const reply = new LiveReply({ text: 'ab', lastSeq: 5 }, (run) => run());
    reply.receive({ seq: 5, chunk: { type: 'text-delta', id: 'text-0', delta: 'b' } });
    reply.receive({ seq: 6, chunk: { type: 'text-delta', id: 'text-0', delta: 'c' } });
    expect(reply.text).toBe('abc');
  });
});
