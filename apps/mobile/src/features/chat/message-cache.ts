import type { InfiniteData } from '@tanstack/react-query';
import type { Message, MessageData, MessagePage } from '@mana/contracts';

/** The cached active branch: page 0 is the newest, later pages reach further back. */
export type MessagePages = InfiniteData<MessagePage, unknown>;

/** The active branch oldest → newest. */
export function flattenMessages(data: MessagePages | undefined): Message[] {
  if (!data) return [];
  const seen = new Set<string>();
  const messages: Message[] = [];
  for (let i = data.pages.length - 1; i >= 0; i--) {
    for (const message of data.pages[i]!.items) {
      if (seen.has(message.id)) continue;
      seen.add(message.id);
      messages.push(message);
    }
  }
  return messages;
}

/**
 * Puts a turn the server just announced into the cached branch: everything after the new
 * messages' parent leaves the branch (a regenerate or an edit starts a sibling), the new messages
 * follow it. Announcing the same turn twice changes nothing.
 */
export function insertTurn(data: MessagePages | undefined, turn: MessageData): MessagePages {
  const incoming = [turn.userMessage, turn.assistantMessage].filter((m): m is Message => m !== null);
  const anchor = incoming[0]!.parentId;
  const branch = flattenMessages(data);
  const anchorIndex = anchor === null ? -1 : branch.findIndex((m) => m.id === anchor);
  const kept = anchor === null ? [] : anchorIndex === -1 ? branch : branch.slice(0, anchorIndex + 1);
  const keptIds = new Set(kept.map((m) => m.id));
  const incomingIds = new Set(incoming.map((m) => m.id));
  const siblingsOf = (message: Message) => message.siblingIds;

  // Siblings the branch already shows learn about the new ones (for the switcher's count).
  const withSiblings = (message: Message): Message => {
    const added = incoming.filter((m) => m.parentId === message.parentId && !siblingsOf(message).includes(m.id)).map((m) => m.id);
    return added.length ? { ...message, siblingIds: [...message.siblingIds, ...added] } : message;
  };

  if (!data || data.pages.length === 0) {
    return { pages: [{ items: incoming, nextCursor: null, prevCursor: null }], pageParams: [undefined] };
  }
  const pages = data.pages.map((page, index) => {
    const items = page.items.filter((m) => keptIds.has(m.id) && !incomingIds.has(m.id)).map(withSiblings);
    return index === 0 ? { ...page, items: [...items, ...incoming], prevCursor: null } : { ...page, items };
  });
  return { ...data, pages };
}

/** Replaces one message wherever it is cached. */
export function replaceMessage(data: MessagePages | undefined, message: Message): MessagePages | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map((m) => (m.id === message.id ? message : m)) })) };
}
