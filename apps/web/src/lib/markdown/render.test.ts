import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render';
import { sanitizeSnippet } from './sanitize';

/** Renders into a real DOM element, as the app does, and returns it. */
function mount(markdown: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = renderMarkdown(markdown);
  return host;
}

describe('message renderer: untrusted output is inert', () => {
  it('shows an <img onerror> as text, never as an element with a handler', () => {
    const host = mount('Look: <img src=x onerror="window.__pwned=1"> done');
    expect(host.querySelector('img')).toBeNull();
    expect(host.querySelector('[onerror]')).toBeNull();
    expect(host.textContent).toContain('<img src=x onerror="window.__pwned=1">');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('never produces a <script> element, inline or as an HTML block', () => {
    const host = mount('<script>window.__pwned=1</script>\n\ntext <script>alert(1)</script>');
    expect(host.querySelector('script')).toBeNull();
    expect(host.textContent).toContain('<script>window.__pwned=1</script>');
  });

  it('drops javascript:, data: and vbscript: link targets but keeps the link text', () => {
    const host = mount('[click](javascript:alert(1)) [x](JaVaScRiPt:alert(1)) [d](data:text/html,<b>x</b>) [v](vbscript:msgbox)');
    for (const a of host.querySelectorAll('a')) {
      const href = a.getAttribute('href');
      expect(href === null || /^https?:|^mailto:|^#/.test(href)).toBe(true);
    }
    expect(host.textContent).toContain('click');
  });

  it('removes handlers and javascript: from markdown images', () => {
    const host = mount('![alt](javascript:alert(1)) ![ok](https://example.com/a.png "t")');
    const imgs = [...host.querySelectorAll('img')];
    expect(imgs.every((img) => !img.getAttribute('src')?.startsWith('javascript'))).toBe(true);
    expect(imgs.some((img) => img.getAttribute('src') === 'https://example.com/a.png')).toBe(true);
  });

  it('opens links in a new tab without handing over the opener', () => {
    const a = mount('[docs](https://example.com)').querySelector('a')!;
    expect(a.getAttribute('target')).toBe('_blank');
    expect(a.getAttribute('rel')).toContain('noopener');
  });

  it('keeps an injection inside math inert', () => {
    const host = mount('$\\href{javascript:alert(1)}{x}$ and $$\\htmlId{x}{<img src=x onerror=alert(1)>}$$');
    expect(host.querySelector('[onerror]')).toBeNull();
    expect(host.querySelector('a[href^="javascript"]')).toBeNull();
  });
});

describe('message renderer: markdown', () => {
  it('renders a fenced code block with highlighting and a copy button', () => {
    const host = mount('```ts\nconst answer: number = 42;\n```');
    expect(host.querySelector('pre code.language-ts')).not.toBeNull();
    expect(host.querySelector('.hljs-keyword')?.textContent).toBe('const');
    expect(host.querySelector('button[data-copy-code]')).not.toBeNull();
  });

  it('escapes code in an unknown language', () => {
    const host = mount('```nope\n<b>bold</b>\n```');
    expect(host.querySelector('b')).toBeNull();
    expect(host.querySelector('code')?.textContent).toContain('<b>bold</b>');
  });

  it('renders tables, task lists and nested lists', () => {
    const host = mount('| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n  - nested\n- [x] done');
    expect(host.querySelectorAll('table td')).toHaveLength(2);
    expect(host.querySelector('ul ul li')?.textContent).toBe('nested');
  });

  it('renders inline and block math with KaTeX, but not prices', () => {
    const host = mount('Euler: $e^{i\\pi}+1=0$\n\n$$\n\\int_0^1 x\\,dx\n$$\n\nIt costs $5 and $10.');
    expect(host.querySelectorAll('.katex')).toHaveLength(2);
    expect(host.querySelector('.math-block .katex-display')).not.toBeNull();
    expect(host.textContent).toContain('It costs $5 and $10.');
  });
});

describe('search snippets', () => {
  it('keeps only <mark>', () => {
    const host = document.createElement('div');
    host.innerHTML = sanitizeSnippet('a <mark>hit</mark> <img src=x onerror=alert(1)><b>b</b>');
    expect(host.querySelector('mark')?.textContent).toBe('hit');
    expect(host.querySelector('img')).toBeNull();
    expect(host.querySelector('b')).toBeNull();
  });
});
