import { BUILTIN_ECHO_MODEL_ID } from '@mana/contracts';
import { describe, expect, it } from 'vitest';
import { chatRequest, collectEvents, summarizeReply } from '../../../test/fake-openrouter/provider-events';
import { EchoProvider } from './echo.provider';
import type { ProviderEvent } from './provider';

const conversation = chatRequest({
  model: BUILTIN_ECHO_MODEL_ID,
  messages: [
    { role: 'system', content: 'You are helpful.' },
    { role: 'user', content: 'First question' },
    { role: 'assistant', content: 'First answer' },
    { role: 'user', content: 'Hello offline world\nsecond line' },
  ],
});

describe('EchoProvider', () => {
  it('streams a labelled markdown reply that quotes the last user message, word by word', async () => {
    const events = await collectEvents(new EchoProvider({ deltaDelayMs: 0 }).stream(conversation));
    const summary = summarizeReply(events);
    expect(summary.shape).toBe('text,usage,finish');
    expect(events.filter((e) => e.type === 'text').length).toBeGreaterThan(30);
    expect(summary.text).toMatch(/^## Offline echo\n/);
    expect(summary.text).toContain("This is Mana Chat's built-in offline model.");
    expect(summary.text).toContain('> Hello offline world\n> second line');
    expect(summary.text).not.toContain('First question');
    expect(summary.text).toContain('- 5 words and 31 characters');
    expect(summary.text).toMatch(/```sh\n.+\n```$/);
    expect(summary.finish).toEqual({ finishReason: 'stop', servedModel: 'builtin/echo' });
  });

  it('reports estimated tokens (ceil(chars / 4)) and a cost of 0', async () => {
    const summary = summarizeReply(await collectEvents(new EchoProvider({ deltaDelayMs: 0 }).stream(conversation)));
    const promptChars = conversation.messages.reduce((sum, m) => sum + m.content.length, 0);
    expect(summary.usage).toEqual({
      promptTokens: Math.ceil(promptChars / 4),
      completionTokens: Math.ceil(summary.text.length / 4),
      reasoningTokens: 0,
      costUsd: 0,
    });
  });

  it('is deterministic, and complete() returns the streamed text', async () => {
    const echo = new EchoProvider({ deltaDelayMs: 0 });
    const first = summarizeReply(await collectEvents(echo.stream(conversation)));
    const second = summarizeReply(await collectEvents(echo.stream(conversation)));
    expect(second).toEqual(first);
    const completion = await echo.complete(conversation);
    expect(completion).toEqual({
      ok: true,
      value: { content: first.text, reasoning: null, finishReason: 'stop', servedModel: 'builtin/echo', usage: first.usage },
    });
  });

  it('says so when the message is empty', async () => {
    const result = await new EchoProvider().complete(chatRequest({ messages: [{ role: 'user', content: '  ' }] }));
    expect(result.ok && result.value.content).toContain('> *(an empty message)*');
  });

  it('pauses between deltas so the reply visibly streams', async () => {
    const started = Date.now();
    const iterator = new EchoProvider({ deltaDelayMs: 20 }).stream(conversation)[Symbol.asyncIterator]();
    for (let i = 0; i < 4; i++) await iterator.next();
    await iterator.return?.();
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
  });

  it('stops with CANCELLED when the generation is stopped', async () => {
    const controller = new AbortController();
    const events: ProviderEvent[] = [];
    for await (const event of new EchoProvider({ deltaDelayMs: 5 }).stream({ ...conversation, signal: controller.signal })) {
      events.push(event);
      if (events.length === 3) controller.abort();
    }
    const summary = summarizeReply(events);
    expect(summary.shape).toBe('text,error');
    expect(events.filter((e) => e.type === 'text')).toHaveLength(3);
    expect(summary.error?.code).toBe('CANCELLED');
  });

  it('lists the one offline model', async () => {
    expect(await new EchoProvider().listModels()).toEqual({
      ok: true,
      value: [
        {
          id: 'builtin/echo',
          name: 'Offline echo (built-in)',
          description: expect.any(String),
          contextLength: 32768,
          pricingInput: 0,
          pricingOutput: 0,
        },
      ],
    });
  });
});
