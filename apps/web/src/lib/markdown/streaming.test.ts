import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderStats } from './render';
import { StreamingMarkdown } from './streaming';

const REPLY = [
  '# Streaming test',
  '',
  'A first paragraph with **bold** text and `code`.',
  '',
  '```python',
  'def f(x):',
  '    return x * 2',
  '```',
  'Right after the fence.',
  '',
  '1. one',
  '2. two',
  '',
  '3. three (same list, after a blank line)',
  '',
  '| a | b |',
  '|---|---|',
  '| 1 | 2 |',
  '',
  '> a quote',
  '',
  'Math: $x^2$',
  '',
  '$$',
  'a^2 + b^2 = c^2',
  '$$',
  '',
  'The end.',
].join('\n');

/** Feeds `text` in pieces of `size` characters and returns the final blocks' HTML. */
function stream(text: string, size: number, md = new StreamingMarkdown()) {
  let blocks = md.update('', false);
  for (let i = size; i < text.length + size; i += size) blocks = md.update(text.slice(0, i), false);
  return md.update(text, true).map((b) => b.html).join('');
}

const normalise = (html: string) => html.replace(/\s+/g, ' ');

describe('streaming markdown renderer', () => {
  it('ends with the same HTML as rendering the whole reply at once, for any piece size', () => {
    const whole = normalise(renderMarkdown(REPLY));
    for (const size of [1, 2, 3, 7, 16, 50]) expect(normalise(stream(REPLY, size))).toBe(whole);
  });

  it('never lexes or renders a finished block again: work per update follows the last block', () => {
    const paragraphs = Array.from({ length: 200 }, (_, i) => `Paragraph ${i} says something about streaming.`);
    const text = paragraphs.join('\n\n');
    const md = new StreamingMarkdown();
    renderStats.lexCalls = renderStats.lexedChars = renderStats.blockRenders = 0;
    let updates = 0;
    for (let i = 8; i < text.length + 8; i += 8) {
      md.update(text.slice(0, i), false);
      updates++;
    }
    const blocks = md.update(text, true);
    expect(blocks).toHaveLength(200);
    // Each update lexes at most the last two blocks (~100 chars), never the whole reply (~10k chars).
    expect(renderStats.lexedChars / updates).toBeLessThan(120);
    // Renders: one per finished block, plus the growing tail once per update (at most 2 blocks).
    expect(renderStats.blockRenders).toBeLessThanOrEqual(200 + 2 * (updates + 1));
  });

  it('renders each finished block exactly once, keeping its key and HTML stable', () => {
    const md = new StreamingMarkdown();
    const first = md.update('# Title\n\nSome text\n\nMore', false);
    expect(first.map((b) => b.key)).toEqual(['b0', 'b1', 'b2']);
    const before = renderStats.blockRenders;
    const next = md.update('# Title\n\nSome text\n\nMore text grows', false);
    expect(next[0]).toEqual(first[0]);
    // Title is finished; "Some text" finished; only the growing paragraph is rendered again.
    expect(renderStats.blockRenders - before).toBe(1);
  });

  it('does not finish a list early: a later item after a blank line still joins it', () => {
    const md = new StreamingMarkdown();
    md.update('1. one\n\n2', false);
    md.update('1. one\n\n2. two', false);
    const html = md.update('1. one\n\n2. two\n\nafter', true).map((b) => b.html).join('');
    expect(html.match(/<ol/g)).toHaveLength(1);
  });

  it('starts over when the text is replaced instead of extended', () => {
    const md = new StreamingMarkdown();
    md.update('# One\n\nfirst', false);
    const blocks = md.update('# Two\n\nsecond', true);
    expect(blocks[0].html).toContain('Two');
    expect(blocks.map((b) => b.html).join('')).not.toContain('One');
  });

  it('does not highlight a code block while it is still streaming, and does once finished', () => {
    const md = new StreamingMarkdown();
    const open = md.update('```js\nconst a = 1;\n', false);
    expect(open[0].html).not.toContain('hljs-keyword');
    const closed = md.update('```js\nconst a = 1;\n```\n\nnext', false);
    expect(closed[0].html).toContain('hljs-keyword');
  });

  it('renders a finished reply shown from the start (history) in one block, with one parse and one sanitizer pass', () => {
    const md = new StreamingMarkdown();
    renderStats.lexCalls = 0;
    const blocks = md.update(REPLY, true);
    expect(blocks).toHaveLength(1);
    expect(renderStats.lexCalls).toBe(1);
    // Nothing left to do for the same text.
    expect(md.update(REPLY, true)).toEqual(blocks);
    expect(renderStats.lexCalls).toBe(1);
    // The same HTML as the reply streamed in block by block.
    expect(normalise(blocks[0].html)).toBe(normalise(stream(REPLY, 7)));
  });
});
