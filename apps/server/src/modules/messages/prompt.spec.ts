import { describe, expect, it } from 'vitest';
import { buildPrompt } from './prompt';

describe('buildPrompt', () => {
  const turns = Array.from({ length: 10 }, (_, i) => ({ role: (i % 2 ? 'assistant' : 'user') as 'user' | 'assistant', content: `m${i} ${'x'.repeat(396)}` }));

  it('keeps the system prompt and every turn when they fit', () => {
    const prompt = buildPrompt({ systemPrompt: 'Be brief.', turns, contextLength: 32_000 })!;
    expect(prompt[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(prompt).toHaveLength(11);
  });

  it('drops the oldest turns first to fit the context, leaving room for the reply', () => {
    // 1000 tokens of context, 250 reserved: 750 left, each turn ~104 tokens → 7 newest turns.
    const prompt = buildPrompt({ systemPrompt: null, turns, contextLength: 1000 })!;
    expect(prompt).toHaveLength(7);
    expect(prompt.at(-1)!.content.startsWith('m9')).toBe(true);
    expect(prompt[0].content.startsWith('m3')).toBe(true);
  });

  it('gives null when the newest message alone is too long', () => {
    expect(buildPrompt({ systemPrompt: null, turns: [{ role: 'user', content: 'y'.repeat(10_000) }], contextLength: 1000 })).toBeNull();
  });
});
