import type { Conversation } from '@mana/contracts';
import { compareConversations, insertConversation, removeConversation, replaceConversation, type ConversationPages } from './conversation-cache';

let n = 0;
const conv = (title: string, at: string, patch: Partial<Conversation> = {}): Conversation => ({
  id: `c-${String(++n).padStart(3, '0')}`,
  title,
  modelId: 'builtin/echo',
  systemPrompt: null,
  spaceId: null,
  templateId: null,
  activeLeafId: null,
  isPinned: false,
  isArchived: false,
  isDocument: false,
  createdAt: at,
  updatedAt: at,
  lastMessageAt: at,
  ...patch,
});

const pages = (sizes: number[], items: Conversation[], total = items.length): ConversationPages => {
  let at = 0;
  return {
    pages: sizes.map((size) => {
      const page = { items: items.slice(at, at + size), total, limit: 30, offset: at };
      at += size;
      return page;
    }),
    pageParams: sizes.map((_, i) => i),
  };
};

const titles = (data: ConversationPages | undefined) => data?.pages.map((page) => page.items.map((c) => c.title));

describe('conversation list cache', () => {
  const pinned = conv('pinned', '2026-11-20T00:00:00.000Z', { isPinned: true });
  const b = conv('b', '2026-11-23T00:00:00.000Z');
  const c = conv('c', '2026-11-22T00:00:00.000Z');
  const d = conv('d', '2026-11-21T00:00:00.000Z');

  it('sorts like the server: pinned, then newest activity', () => {
    expect([d, pinned, b].sort(compareConversations).map((x) => x.title)).toEqual(['pinned', 'b', 'd']);
  });

  it('inserts a new conversation below the pinned ones and keeps the page sizes (the last page grows)', () => {
    const data = pages([2, 2], [pinned, b, c, d]);
    const created = conv('new', '2026-11-24T00:00:00.000Z');
    const next = insertConversation(data, created);
    expect(titles(next)).toEqual([['pinned', 'new'], ['b', 'c', 'd']]);
    expect(next!.pages.every((page) => page.total === 5)).toBe(true);
    expect(insertConversation(next, created)).toBe(next);
  });

  it('leaves a conversation that sorts past the loaded pages to those pages', () => {
    const data = pages([2], [pinned, b], 10);
    const next = insertConversation(data, conv('old', '2020-01-01T00:00:00.000Z'));
    expect(titles(next)).toEqual([['pinned', 'b']]);
    expect(next!.pages[0]!.total).toBe(11);
  });

  it('moves a conversation with new activity to the top and ignores unknown ones', () => {
    const data = pages([2, 2], [pinned, b, c, d]);
    const next = replaceConversation(data, { ...d, title: 'd!', lastMessageAt: '2026-11-25T00:00:00.000Z' });
    expect(titles(next)).toEqual([['pinned', 'd!'], ['b', 'c']]);
    expect(replaceConversation(data, conv('x', '2026-11-25T00:00:00.000Z'))).toBe(data);
  });

  it('removes a conversation and lowers the total', () => {
    const next = removeConversation(pages([2, 2], [pinned, b, c, d]), c.id);
    expect(titles(next)).toEqual([['pinned', 'b'], ['d']]);
    expect(next!.pages[0]!.total).toBe(3);
  });
});
