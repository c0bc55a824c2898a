import DOMPurify, { type DOMPurify as Purifier } from 'dompurify';

let purifier: Purifier | null = null;

/** One configured DOMPurify instance (created lazily: it needs a window). */
function purify(): Purifier {
  if (purifier) return purifier;
  purifier = DOMPurify(globalThis.window);
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A' && node.hasAttribute('href')) {
      // Model output links open elsewhere and never hand this page to the target.
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
    if (node.tagName === 'IMG') {
      node.setAttribute('loading', 'lazy');
      node.setAttribute('referrerpolicy', 'no-referrer');
    }
  });
  return purifier;
}

/**
 * The gate every piece of HTML passes before `{@html}`: scripts, event handlers, `javascript:` and
 * other non-http(s) URLs, forms, iframes and <style> are removed. MathML (KaTeX) and the
 * code-block copy button are allowed.
 */
export function sanitizeHtml(html: string): string {
  return purify().sanitize(html, {
    USE_PROFILES: { html: true, mathMl: true },
    ADD_ATTR: ['target'],
    FORBID_TAGS: ['style', 'form', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'textarea', 'select'],
    FORBID_ATTR: ['formaction', 'srcset'],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|\/(?!\/))/i,
  });
}

/** Search snippets: the server escapes them and marks hits; only <mark> survives here. */
export function sanitizeSnippet(html: string): string {
  return purify().sanitize(html, { ALLOWED_TAGS: ['mark'], ALLOWED_ATTR: [] });
}
