import type { Message, StreamChunk } from '@mana/contracts';
import { describe, expect, it } from 'vitest';
import { replayStoredReply } from './replay';

const stored = (over: Partial<Message>): Message => ({
  id: '00000000-0000-4000-8000-000000000001',
  conversationId: '00000000-0000-4000-8000-0000000000c1',
  parentId: null,
  role: 'assistant',
  content: 'Hello there',
  reasoning: 'Think',
  modelId: 'openai/gpt-4o-mini',
  status: 'complete',
  error: null,
  promptTokens: 12,
  completionTokens: 3,
  costUsd: 0.0004,
  ttftMs: 120,
  durationMs: 800,
  createdAt: '2026-11-25T00:00:00.000Z',
  updatedAt: '2026-11-25T00:00:01.000Z',
  siblingIds: [],
  ...over,
});

const chunks = (message: Message): StreamChunk[] =>
  replayStoredReply(message).frames.map((frame) => JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as StreamChunk);

describe('a stored reply replayed as a stream', () => {
  it('carries its reasoning, its text and exactly the figures the message records, then finishes', () => {
    const message = stored({});
    const replayed = chunks(message);
    expect(replayed.map((c) => c.type)).toEqual(['start', 'data-message', 'reasoning-start', 'reasoning-delta', 'reasoning-end', 'text-start', 'text-delta', 'text-end', 'data-usage', 'finish']);
    expect(replayed.find((c) => c.type === 'data-usage')).toEqual({
      type: 'data-usage',
      data: { modelId: 'openai/gpt-4o-mini', promptTokens: 12, completionTokens: 3, costUsd: 0.0004, ttftMs: 120, durationMs: 800 },
    });
  });

  it('ends an unfinished reply with an INTERRUPTED error, and a stopped one with abort', () => {
    const interrupted = chunks(stored({ status: 'streaming' }));
    expect(interrupted.at(-2)).toMatchObject({ type: 'data-error', data: { code: 'INTERRUPTED' } });
    expect(chunks(stored({ status: 'cancelled' })).at(-1)).toEqual({ type: 'abort' });
  });
});
