import { splitMarkdownBlocks } from './markdown-blocks';

describe('splitting a reply into markdown blocks', () => {
  it('splits at blank lines', () => {
    expect(splitMarkdownBlocks('# Title\n\nFirst para\nstill first\n\n\n- a\n- b')).toEqual(['# Title', 'First para\nstill first', '- a\n- b']);
  });

  it('keeps blank lines inside fenced code in one block, even while the fence is still open', () => {
    const text = 'Intro\n\n```py\na = 1\n\nb = 2\n```\n\nAfter';
    expect(splitMarkdownBlocks(text)).toEqual(['Intro', '```py\na = 1\n\nb = 2\n```', 'After']);
    expect(splitMarkdownBlocks('Intro\n\n```py\na = 1\n\nb')).toEqual(['Intro', '```py\na = 1\n\nb']);
  });

  it('gives the same earlier blocks while the last one grows (so they stay memoised)', () => {
    const a = splitMarkdownBlocks('One\n\nTwo th');
    const b = splitMarkdownBlocks('One\n\nTwo three');
    expect(a[0]).toBe(b[0]);
  });
});
