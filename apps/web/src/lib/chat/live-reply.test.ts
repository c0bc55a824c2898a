import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveReply, REPLY_RENDER_INTERVAL_MS } from './live-reply.svelte';

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
    const reply = new LiveReply({ text: 'ab', lastSeq: 5 }, (run) => run(), 0);
    reply.receive({ seq: 5, chunk: { type: 'text-delta', id: 'text-0', delta: 'b' } });
    reply.receive({ seq: 6, chunk: { type: 'text-delta', id: 'text-0', delta: 'c' } });
    expect(reply.text).toBe('abc');
  });

  afterEach(() => vi.useRealTimers());

  it('renders a fast stream at most every REPLY_RENDER_INTERVAL_MS, and always its end at once', () => {
    vi.useFakeTimers();
    const frames: (() => void)[] = [];
    const reply = new LiveReply({}, (run) => frames.push(run));
    const delta = (seq: number) => reply.receive({ seq, chunk: { type: 'text-delta', id: 'text-0', delta: 'x' } });
    delta(0);
    frames.shift()!();
    expect(reply.text).toBe('x');

    // More deltas right after a render: the next frame is only asked for once the interval is over.
    delta(1);
    delta(2);
    expect(frames).toHaveLength(0);
    vi.advanceTimersByTime(REPLY_RENDER_INTERVAL_MS - 5);
    expect(frames).toHaveLength(0);
    vi.advanceTimersByTime(5);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(reply.text).toBe('xxx');

    // The end of the stream is shown without waiting.
    delta(3);
    reply.flush();
    expect(reply.text).toBe('xxxx');
  });
});
