import { describe, expect, it } from 'vitest';
import { message } from '../../test/fake-api';
import type { ChatMessage } from './conversation.svelte';
import { LiveReply } from './live-reply.svelte';
import type { ReplyRegistry } from './replies.svelte';
import { ShownReply } from './shown-reply.svelte';

/** A saved assistant message as the conversation store holds it (with its list key). */
const saved = (over: Partial<ChatMessage> = {}): ChatMessage => ({ ...message({ role: 'assistant', status: 'pending', ...over }), key: 'k1' });

/** A registry holding the given live replies by message key, and a reactive message to show. */
function setup(initial: ChatMessage, live: Record<string, LiveReply> = {}) {
  const state = $state({ message: initial, live });
  const registry = { get: (key: string) => state.live[key] } as unknown as ReplyRegistry;
  return { state, shown: new ShownReply(() => state.message, registry) };
}

const immediate = (initial: ConstructorParameters<typeof LiveReply>[0] = {}) => new LiveReply(initial, (run) => run(), 0);
const text = (seq: number, delta: string) => ({ seq, chunk: { type: 'text-delta' as const, id: 'text-0', delta } });

describe('what a reply shows', () => {
  it('shows the saved message, its figures and its status when nothing streams here', () => {
    const { shown } = setup(saved({ content: 'Hello', status: 'complete', promptTokens: 12, completionTokens: 3, costUsd: 0.0004, durationMs: 800 }));
    expect(shown.text).toBe('Hello');
    expect(shown.status).toBe('complete');
    expect(shown.running).toBe(false);
    expect(shown.usage).toMatchObject({ promptTokens: 12, completionTokens: 3, costUsd: 0.0004, durationMs: 800 });
  });

  it('keeps the saved text until a re-attached stream sends new text, then shows the stream', () => {
    const live = immediate();
    const { shown } = setup(saved({ content: 'Partial answer', status: 'streaming' }), { k1: live });
    expect(shown.text).toBe('Partial answer');
    expect(shown.running).toBe(true);
    live.receive(text(0, 'Partial answer, continued'));
    expect(shown.text).toBe('Partial answer, continued');
  });

  it('follows the live reply to its end, and the saved message once the stream is gone', () => {
    const live = immediate();
    const { state, shown } = setup(saved({ status: 'pending' }), { k1: live });
    expect(shown.text).toBe('');
    expect(shown.status).toBe('streaming');
    live.fail({ code: 'UPSTREAM_UNAVAILABLE', message: 'down' });
    expect(shown.status).toBe('failed');
    expect(shown.error?.code).toBe('UPSTREAM_UNAVAILABLE');
    state.live = {};
    state.message = saved({ status: 'complete', content: 'Done', costUsd: 0.01 });
    expect(shown.status).toBe('complete');
    expect(shown.text).toBe('Done');
    expect(shown.usage.costUsd).toBe(0.01);
  });
});
