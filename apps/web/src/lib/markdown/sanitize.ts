import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';

const MESSAGE_CONFIG: Config = {
  USE_PROFILES: { html: true, mathMl: true },
  ADD_ATTR: ['target'],
  FORBID_TAGS: ['style', 'form', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'textarea', 'select'],
  FORBID_ATTR: ['formaction', 'srcset'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|\/(?!\/))/i,
};

const SNIPPET_CONFIG: Config = { ALLOWED_TAGS: ['mark'], ALLOWED_ATTR: [] };

let messagePurifier: Purifier | null = null;
let snippetPurifier: Purifier | null = null;

/**
 * One DOMPurify instance per kind of HTML, configured once (created lazily: it needs a window).
 * `setConfig` matters for speed: a config passed to every `sanitize()` call is parsed again each
 * time, which was a fifth of the cost of rendering a page of messages.
 */
function purifier(config: Config, setup?: (purifier: Purifier) => void): Purifier {
  const instance = DOMPurify(globalThis.window);
  setup?.(instance);
  instance.setConfig(config);
  return instance;
}

function forMessages(): Purifier {
  messagePurifier ??= purifier(MESSAGE_CONFIG, (instance) =>
    instance.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A' && node.hasAttribute('href')) {
        // Model output links open elsewhere and never hand this page to the target.
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer nofollow');
      }
      if (node.tagName === 'IMG') {
        node.setAttribute('loading', 'lazy');
        node.setAttribute('referrerpolicy', 'no-referrer');
      }
    }),
  );
  return messagePurifier;
}

/**
 * The gate every piece of HTML passes before `{@html}`: scripts, event handlers, `javascript:` and
 * other non-http(s) URLs, forms, iframes and <style> are removed. MathML (KaTeX) and the
 * code-block copy button are allowed.
 */
export function sanitizeHtml(html: string): string {
  return forMessages().sanitize(html);
}

/** Search snippets: the server escapes them and marks hits; only <mark> survives here. */
export function sanitizeSnippet(html: string): string {
  snippetPurifier ??= purifier(SNIPPET_CONFIG);
  return snippetPurifier.sanitize(html);
}
