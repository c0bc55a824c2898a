// Just enough DOM over parse5 for the tests: find elements, read attributes and text.
import { parse } from 'parse5';

export const parseHtml = (html) => parse(html);

export function* elements(node) {
  for (const child of node.childNodes ?? []) {
    if (child.tagName) yield child;
    yield* elements(child.tagName === 'template' ? child.content : child);
  }
}

export const findAll = (node, predicate) => [...elements(node)].filter(predicate);
export const findFirst = (node, predicate) => findAll(node, predicate)[0];

export const attr = (element, name) => element.attrs?.find((a) => a.name === name)?.value;
export const hasClass = (element, name) => (attr(element, 'class') ?? '').split(/\s+/).includes(name);
export const byTag = (tag) => (element) => element.tagName === tag;

export function textOf(node) {
  if (node.nodeName === '#text') return node.value;
  return (node.childNodes ?? []).map(textOf).join('');
}
