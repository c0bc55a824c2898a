import katex from 'katex';
import { Marked, type Token, type TokenizerAndRendererExtension, type Tokens } from 'marked';
import { highlightCode } from './highlight';
import { sanitizeHtml } from './sanitize';

export interface RenderLabels {
  copy: string;
  copyLabel: string;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function renderMath(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, { displayMode, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore', trust: false });
}

// $$…$$ and \[…\] on their own lines.
const blockMath: TokenizerAndRendererExtension = {
  name: 'blockMath',
  level: 'block',
  start: (src) => src.match(/^ {0,3}(\$\$|\\\[)/m)?.index,
  tokenizer(src) {
    const match = /^ {0,3}\$\$([\s\S]+?)\$\$[ \t]*(?:\n+|$)/.exec(src) ?? /^ {0,3}\\\[([\s\S]+?)\\\][ \t]*(?:\n+|$)/.exec(src);
    if (match) return { type: 'blockMath', raw: match[0], text: match[1].trim() };
    return undefined;
  },
  renderer: (token) => `<div class="math-block">${renderMath(token.text as string, true)}</div>\n`,
};

// $…$ (not a price like "$5 and $10"), $$…$$ inline and \(…\).
const inlineMath: TokenizerAndRendererExtension = {
  name: 'inlineMath',
  level: 'inline',
  start: (src) => src.match(/\$|\\\(/)?.index,
  tokenizer(src) {
    const match =
      /^\$\$(?!\$)([^\n]+?)\$\$/.exec(src) ??
      /^\$(?![\s$])((?:\\.|[^\\\n$])+?)(?<![\s\\])\$(?![\d$])/.exec(src) ??
      /^\\\(([^\n]+?)\\\)/.exec(src);
    if (match) return { type: 'inlineMath', raw: match[0], text: match[1] };
    return undefined;
  },
  renderer: (token) => renderMath(token.text as string, false),
};

let labels: RenderLabels = { copy: 'Copy', copyLabel: 'Copy code' };
let highlightEnabled = true;

const marked = new Marked({ gfm: true, breaks: false });
marked.use({
  extensions: [blockMath, inlineMath],
  renderer: {
    code({ text, lang }: Tokens.Code) {
      const language = (lang ?? '').trim().split(/\s+/)[0] ?? '';
      const highlighted = highlightEnabled ? highlightCode(text, language) : null;
      const body = highlighted ?? escapeHtml(text);
      const langClass = language ? ` language-${escapeHtml(language)}` : '';
      return (
        `<div class="code-block"><div class="code-head"><span class="code-lang">${escapeHtml(language || 'text')}</span>` +
        `<button type="button" class="code-copy" data-copy-code aria-label="${escapeHtml(labels.copyLabel)}">${escapeHtml(labels.copy)}</button></div>` +
        `<pre><code class="hljs${langClass}">${body}</code></pre></div>\n`
      );
    },
    // Raw HTML in model output is shown as text: a model explaining <script> should be readable, never run.
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
  },
});

export function setRenderLabels(next: RenderLabels) {
  labels = next;
}

/** Counters the tests use to prove finished blocks are not parsed again. */
export const renderStats = { lexCalls: 0, lexedChars: 0, blockRenders: 0 };

/** Splits markdown into top-level block tokens (each with its `raw` source). */
export function lexBlocks(source: string): Token[] {
  renderStats.lexCalls++;
  renderStats.lexedChars += source.length;
  return marked.lexer(source);
}

/**
 * Top-level blocks to sanitized HTML, in one pass of the parser and one of the sanitizer.
 * `final: false` is the block still streaming in: its code is not highlighted yet (highlighting a
 * growing code block every frame is the costliest part). Sanitizing blocks together gives the same
 * HTML as one at a time (each block's markup is balanced), at a fraction of the cost: every
 * sanitizer call parses its input into a fresh document.
 */
export function renderBlocks(tokens: Token[], final = true): string {
  renderStats.blockRenders += tokens.length;
  highlightEnabled = final;
  try {
    return sanitizeHtml(marked.parser(tokens));
  } finally {
    highlightEnabled = true;
  }
}

/** One top-level block to sanitized HTML (see `renderBlocks`). */
export function renderBlock(token: Token, final = true): string {
  return renderBlocks([token], final);
}

/** A whole markdown document to sanitized HTML (for finished texts). */
export function renderMarkdown(source: string): string {
  return renderBlocks(lexBlocks(source).filter((token) => token.type !== 'space' && token.type !== 'def'));
}
