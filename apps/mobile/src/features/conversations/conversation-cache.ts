import type { Conversation, ConversationPage } from '@mana/contracts';
import type { InfiniteData } from '@tanstack/react-query';

/** A cached list, page by page (offset pagination). */
export type ConversationPages = InfiniteData<ConversationPage, unknown>;

/** The server's order: pinned first, then the most recent activity, then the id (descending). */
export function compareConversations(a: Conversation, b: Conversation): number {
  if (a.isPinned !== b.isPinned) return a.isPinned ? -1 : 1;
  if (a.lastMessageAt !== b.lastMessageAt) return a.lastMessageAt < b.lastMessageAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export const containsConversation = (data: ConversationPages | undefined, id: string) =>
  data?.pages.some((page) => page.items.some((c) => c.id === id)) ?? false;

const hasMore = (data: ConversationPages) => {
  const last = data.pages.at(-1);
  return last ? last.offset + last.items.length < last.total : false;
};

/**
 * Lays the loaded conversations out again in the server's order over the same pages, so the
 * offsets of the pages still to load stay right; the last page takes what is left over.
 */
function relayout(data: ConversationPages, items: Conversation[], totalDelta: number): ConversationPages {
  const sorted = [...items].sort(compareConversations);
  let at = 0;
  const pages = data.pages.map((page, index) => {
    const size = index === data.pages.length - 1 ? sorted.length - at : page.items.length;
    const slice = sorted.slice(at, at + size);
    at += size;
    return { ...page, items: slice, total: page.total + totalDelta };
  });
  return { ...data, pages };
}

const loaded = (data: ConversationPages) => {
  const seen = new Set<string>();
  return data.pages.flatMap((page) => page.items).filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
};

/**
 * A conversation created elsewhere joins the list at its place. When it sorts after everything
 * loaded while more pages exist, it is left for those pages (only the total grows).
 */
export function insertConversation(data: ConversationPages | undefined, conversation: Conversation): ConversationPages | undefined {
  if (!data || data.pages.length === 0 || containsConversation(data, conversation.id)) return data;
  const items = loaded(data);
  const lastLoaded = items.at(-1);
  if (hasMore(data) && lastLoaded && compareConversations(conversation, lastLoaded) > 0) {
    return { ...data, pages: data.pages.map((page) => ({ ...page, total: page.total + 1 })) };
  }
  return relayout(data, [...items, conversation], 1);
}

/** A loaded conversation changed (title, pin, activity): replaced and moved to its new place. */
export function replaceConversation(data: ConversationPages | undefined, conversation: Conversation): ConversationPages | undefined {
  if (!data || !containsConversation(data, conversation.id)) return data;
  return relayout(
    data,
    loaded(data).map((c) => (c.id === conversation.id ? conversation : c)),
    0,
  );
}

export function removeConversation(data: ConversationPages | undefined, id: string): ConversationPages | undefined {
  if (!data || !containsConversation(data, id)) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({ ...page, items: page.items.filter((c) => c.id !== id), total: Math.max(0, page.total - 1) })),
  };
}
