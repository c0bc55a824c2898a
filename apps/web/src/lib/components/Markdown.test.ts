import { render } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { renderStats } from '$lib/markdown/render';
import Markdown from './Markdown.svelte';

describe('<Markdown> message renderer', () => {
  it('renders hostile model output inert', () => {
    const hostile = [
      'Hi <img src=x onerror="window.__pwned=1">',
      '<script>window.__pwned=1</script>',
      '[click me](javascript:window.__pwned=1)',
      '<a href="javascript:alert(1)">raw link</a>',
      '<iframe src="https://evil.example"></iframe>',
      '<svg onload="window.__pwned=1"><circle r="4"/></svg>',
    ].join('\n\n');
    const { container } = render(Markdown, { text: hostile, streaming: false });
    expect(container.querySelector('script, iframe, svg, img')).toBeNull();
    expect(container.querySelector('[onerror], [onload]')).toBeNull();
    for (const a of container.querySelectorAll('a')) expect(a.getAttribute('href') ?? '').not.toMatch(/^javascript:/i);
    expect(container.textContent).toContain('<script>window.__pwned=1</script>');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('while streaming, keeps the DOM of finished blocks and only re-renders the last one', async () => {
    const start = '# Title\n\nFirst paragraph.\n\nSecond';
    const { container, rerender } = render(Markdown, { text: start, streaming: true });
    const heading = container.querySelector('h1')!;
    const first = container.querySelectorAll('p')[0];
    expect(heading.textContent).toBe('Title');

    const rendersBefore = renderStats.blockRenders;
    let text = start;
    for (const piece of [' paragraph', ' grows', ' word', ' by word.']) {
      text += piece;
      await rerender({ text, streaming: true });
      flushSync();
    }
    // Same element instances: finished blocks were not replaced...
    expect(container.querySelector('h1')).toBe(heading);
    expect(container.querySelectorAll('p')[0]).toBe(first);
    // ...and each update rendered just the growing block.
    expect(renderStats.blockRenders - rendersBefore).toBe(4);
    expect(container.querySelectorAll('p')[1].textContent).toBe('Second paragraph grows word by word.');
  });

  it('renders a code block with a copy button, tables and math', () => {
    const { container } = render(Markdown, {
      text: '```js\nconst x = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n$$\nx^2\n$$',
      streaming: false,
    });
    expect(container.querySelector('.code-block button[data-copy-code]')?.textContent).toBe('Copy');
    expect(container.querySelector('table')).not.toBeNull();
    expect(container.querySelector('.katex')).not.toBeNull();
  });
});
