import { makeMessage } from '../../../test/fake-api';
import { flattenMessages, insertTurn, type MessagePages } from './message-cache';

const conversationId = 'c1';
const u1 = makeMessage({ conversationId, role: 'user', content: 'u1' });
const a1 = makeMessage({ conversationId, role: 'assistant', parentId: u1.id, content: 'a1' });
const u2 = makeMessage({ conversationId, role: 'user', parentId: a1.id, content: 'u2' });
const a2 = makeMessage({ conversationId, role: 'assistant', parentId: u2.id, content: 'a2' });

const pages = (...groups: (typeof u1)[][]): MessagePages => ({
  pages: groups.map((items) => ({ items, nextCursor: null, prevCursor: null })),
  pageParams: groups.map(() => undefined),
});

describe('the cached branch', () => {
  it('reads pages newest-first into oldest-to-newest order', () => {
    expect(flattenMessages(pages([u2, a2], [u1, a1])).map((m) => m.content)).toEqual(['u1', 'a1', 'u2', 'a2']);
  });

  it('appends a sent turn, once, however often it is announced', () => {
    const u3 = makeMessage({ conversationId, role: 'user', parentId: a2.id, content: 'u3' });
    const a3 = makeMessage({ conversationId, role: 'assistant', parentId: u3.id, content: '' });
    const once = insertTurn(pages([u2, a2], [u1, a1]), { userMessage: u3, assistantMessage: a3 });
    const twice = insertTurn(once, { userMessage: u3, assistantMessage: a3 });
    expect(flattenMessages(twice).map((m) => m.content)).toEqual(['u1', 'a1', 'u2', 'a2', 'u3', '']);
  });

  it('a regenerated reply replaces the old one on the branch', () => {
    const a2b = makeMessage({ conversationId, role: 'assistant', parentId: u2.id, content: 'a2b', siblingIds: [a2.id] });
    const next = insertTurn(pages([u2, a2], [u1, a1]), { userMessage: null, assistantMessage: a2b });
    expect(flattenMessages(next).map((m) => m.content)).toEqual(['u1', 'a1', 'u2', 'a2b']);
  });

  it('an edit drops everything after the edited message’s parent', () => {
    const u1b = makeMessage({ conversationId, role: 'user', parentId: null, content: 'u1b' });
    const a1b = makeMessage({ conversationId, role: 'assistant', parentId: u1b.id, content: 'a1b' });
    const next = insertTurn(pages([u2, a2], [u1, a1]), { userMessage: u1b, assistantMessage: a1b });
    expect(flattenMessages(next).map((m) => m.content)).toEqual(['u1b', 'a1b']);
  });

  it('starts a cache for a brand-new conversation', () => {
    expect(flattenMessages(insertTurn(undefined, { userMessage: u1, assistantMessage: a1 })).map((m) => m.content)).toEqual(['u1', 'a1']);
  });
});
