import { render } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '@mana/contracts';
import { conversation, FakeApi, json, message } from '../../test/fake-api';
import { ConversationStore, type ChatMessage } from '$lib/chat/conversation.svelte';
import { ReplyRegistry } from '$lib/chat/replies.svelte';
import { FIRST_MOUNT } from '$lib/chat/reveal.svelte';
import MessageList from './MessageList.svelte';

/** jsdom has no layout observers; the top-of-list observer is driven by hand. */
class FakeIntersectionObserver {
  static last: FakeIntersectionObserver | null = null;
  constructor(private readonly callback: IntersectionObserverCallback) {
    FakeIntersectionObserver.last = this;
  }
  observe() {}
  disconnect() {}
  nearTop(isIntersecting: boolean) {
    this.callback([{ isIntersecting } as IntersectionObserverEntry], this as unknown as IntersectionObserver);
  }
}
class FakeResizeObserver {
  observe() {}
  disconnect() {}
}

beforeEach(() => {
  vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
  vi.stubGlobal('ResizeObserver', FakeResizeObserver);
});
afterEach(() => vi.unstubAllGlobals());

// Mounting takes a frame per slice, and jsdom is slow at building DOM.
const frames = { timeout: 15_000, interval: 20 };

/** Turns of a question and a markdown answer, oldest first. */
function turns(from: number, to: number): Message[] {
  return Array.from({ length: to - from }, (_, i) => [
    message({ role: 'user', content: `Question ${from + i}` }),
    message({ role: 'assistant', content: `## Answer ${from + i}\n\nSome **markdown** and \`code\`.` }),
  ]).flat();
}

function setup(api: FakeApi, history: Message[], olderCursor: string | null = null) {
  const client = api.client();
  const store = new ConversationStore('c1', client, new ReplyRegistry(() => client));
  store.adopt(conversation());
  store.messages = history.map((m): ChatMessage => ({ ...m, key: m.id }));
  store.olderCursor = olderCursor;
  const view = render(MessageList, { store });
  // Every message element the list ever inserts, in insertion order, and how many went in together.
  const inserted: string[] = [];
  const batches: number[] = [];
  new MutationObserver((records) => {
    const before = inserted.length;
    for (const record of records)
      for (const node of record.addedNodes) if (node instanceof HTMLElement && node.dataset.testid === 'message') inserted.push(node.dataset.id!);
    if (inserted.length > before) batches.push(inserted.length - before);
  }).observe(view.container, { childList: true, subtree: true });
  const shown = () => [...view.container.querySelectorAll<HTMLElement>('[data-testid="message"]')].map((el) => el.dataset.id);
  return { store, shown, inserted, batches };
}

describe('<MessageList> with a long conversation', () => {
  it('shows the newest messages first and mounts the older ones in later frames, each once, in order', async () => {
    const history = turns(0, 30);
    const { shown, inserted } = setup(new FakeApi(), history);
    expect(shown()).toEqual(history.slice(-FIRST_MOUNT).map((m) => m.id));

    await vi.waitFor(() => expect(shown()).toHaveLength(history.length), frames);
    expect(shown()).toEqual(history.map((m) => m.id));
    expect(new Set(inserted).size).toBe(inserted.length);
  });

  it('mounts an older page above in slices and asks for the page before only when everything loaded is mounted', async () => {
    const newer = turns(25, 50);
    const older = turns(0, 25);
    let pages = 0;
    const api = new FakeApi().on('GET', /^\/conversations\/c1\/messages$/, () => {
      pages++;
      return json({ items: older, nextCursor: 'more' });
    });
    const { store, shown, inserted, batches } = setup(api, newer, 'cursor');
    // Near the top while the loaded page is still mounting: no request yet.
    FakeIntersectionObserver.last!.nearTop(true);
    expect(pages).toBe(0);
    await vi.waitFor(() => expect(shown()).toHaveLength(newer.length), frames);
    // The last slice asks for the previous page, which then mounts over later frames, not at once.
    await vi.waitFor(() => expect(store.messages).toHaveLength(100), frames);
    expect(pages).toBe(1);

    await vi.waitFor(() => expect(shown()).toHaveLength(100), frames);
    expect(shown()).toEqual(store.messages.map((m) => m.id));
    expect(new Set(inserted).size).toBe(inserted.length);
    // The page of 50 went in over several frames.
    expect(Math.max(...batches)).toBeLessThan(older.length);
  });

  it('mounts the message the user sends at once', async () => {
    const history = turns(0, 30);
    const { store, shown } = setup(new FakeApi(), history);
    const sent = message({ role: 'user', content: 'Another question' });
    store.messages = [...store.messages, { ...sent, key: sent.id }];
    flushSync();
    expect(shown().at(-1)).toBe(sent.id);
    expect(shown()).toHaveLength(FIRST_MOUNT + 1);
  });
});
