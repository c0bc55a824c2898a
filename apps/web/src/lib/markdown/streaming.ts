import type { Token } from 'marked';
import { lexBlocks, renderBlock, renderBlocks } from './render';

export interface RenderedBlock {
  key: string;
  html: string;
}

/** Blocks that end where they end: nothing typed after them can change how they parse. */
const SELF_CLOSING = new Set(['heading', 'hr', 'blockMath']);
/** Blocks that can still continue after a blank line (a list's next item, more indented code). */
const CONTINUES_AFTER_BLANK = (token: Token) =>
  token.type === 'list' || (token.type === 'code' && (token as { codeBlockStyle?: string }).codeBlockStyle === 'indented');

/**
 * Renders a reply that grows at its end. The text is split into top-level markdown blocks; a block
 * is "finished" once something after it proves it cannot change any more, and from then on its
 * HTML is kept and its source is never lexed or rendered again. Each update lexes and renders only
 * the unfinished tail, so the cost of a frame grows with the last block, not with the reply.
 */
export class StreamingMarkdown {
  private finished: RenderedBlock[] = [];
  /** The source the finished blocks cover: always a prefix of the text. */
  private finishedSource = '';
  private text = '';
  private tail: RenderedBlock[] = [];
  private done = false;

  /** The blocks for `text`; `done` once the reply will not grow any more. */
  update(text: string, done: boolean): RenderedBlock[] {
    const normalized = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
    if (normalized === this.text && done === this.done) return this.blocks();
    if (!normalized.startsWith(this.finishedSource)) this.reset();
    this.text = normalized;
    this.done = done;

    const rest = normalized.slice(this.finishedSource.length);
    const tokens = rest ? lexBlocks(rest) : [];
    // A finished text shown from the start (history): one block, parsed and sanitized in one go.
    if (done && this.finished.length === 0) return this.finishWhole(tokens, rest);
    const contentIndexes = tokens.flatMap((t, i) => (t.type === 'space' || t.type === 'def' ? [] : [i]));

    // How many leading tokens are finished now.
    let finishCount = 0;
    if (done) finishCount = tokens.length;
    else {
      for (let n = 0; n < contentIndexes.length - 1; n++) {
        const index = contentIndexes[n];
        const next = contentIndexes[n + 1];
        const token = tokens[index];
        const between = tokens.slice(index, next).map((t) => t.raw).join('');
        const closed = SELF_CLOSING.has(token.type) || (token.type === 'code' && !CONTINUES_AFTER_BLANK(token)) || /\n[ \t]*\n\s*$/.test(between);
        // A list or indented code is only safe once the block after it is itself finished.
        const safe = closed && (!CONTINUES_AFTER_BLANK(token) || n + 1 < contentIndexes.length - 1);
        if (!safe) break;
        finishCount = next;
      }
    }

    let consumed = '';
    for (let i = 0; i < finishCount; i++) {
      const token = tokens[i];
      consumed += token.raw;
      if (token.type === 'space' || token.type === 'def') continue;
      this.finished.push({ key: `b${this.finished.length}`, html: renderBlock(token, true) });
    }
    this.finishedSource += consumed;
    if (consumed !== rest.slice(0, consumed.length)) {
      // The lexer did not give back its input verbatim (it should): start over from a full render.
      return this.renderWhole(normalized, done);
    }

    this.tail = [];
    for (let i = finishCount; i < tokens.length; i++) {
      const token = tokens[i];
      if (token.type === 'space' || token.type === 'def') continue;
      this.tail.push({ key: `b${this.finished.length + this.tail.length}`, html: renderBlock(token, false) });
    }
    return this.blocks();
  }

  reset() {
    this.finished = [];
    this.finishedSource = '';
    this.text = '';
    this.tail = [];
    this.done = false;
  }

  private finishWhole(tokens: Token[], source: string): RenderedBlock[] {
    const content = tokens.filter((t) => t.type !== 'space' && t.type !== 'def');
    this.finishedSource += source;
    this.finished = content.length ? [{ key: 'b0', html: renderBlocks(content, true) }] : [];
    this.tail = [];
    return this.blocks();
  }

  private renderWhole(text: string, done: boolean): RenderedBlock[] {
    this.reset();
    this.text = text;
    this.done = done;
    this.tail = lexBlocks(text)
      .filter((t) => t.type !== 'space' && t.type !== 'def')
      .map((token, i) => ({ key: `b${i}`, html: renderBlock(token, done) }));
    return this.blocks();
  }

  private blocks(): RenderedBlock[] {
    return this.tail.length ? [...this.finished, ...this.tail] : this.finished.slice();
  }
}
