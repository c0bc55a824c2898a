export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Words of a query, as the full-text search sees them. */
export function searchTerms(q: string): string[] {
  return [...new Set(q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, 8);
}

/** `term:* & term:*`: every word, matched as a prefix. Only letters and digits reach the query. */
export const toTsquery = (terms: string[]) => terms.map((t) => `${t}:*`).join(' & ');

const CONTEXT = 60;

/**
 * Text around the first hit, HTML-escaped, with each hit inside <mark>…</mark>: the only markup a
 * snippet ever carries, so the client can render it after sanitizing.
 */
export function snippet(content: string, terms: string[]): string | null {
  if (terms.length === 0) return null;
  const pattern = new RegExp(`(${terms.map(escapeRegExp).join('|')})`, 'giu');
  const first = content.search(pattern);
  if (first < 0) return null;
  const start = Math.max(0, first - CONTEXT);
  const end = Math.min(content.length, first + CONTEXT * 2);
  const window = content.slice(start, end).replace(/\s+/g, ' ');
  const marked = window
    .split(pattern)
    .map((part, i) => (i % 2 === 1 ? `<mark>${escapeHtml(part)}</mark>` : escapeHtml(part)))
    .join('');
  return `${start > 0 ? '…' : ''}${marked}${end < content.length ? '…' : ''}`;
}
