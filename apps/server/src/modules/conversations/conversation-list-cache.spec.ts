import { describe, expect, it } from 'vitest';
import type { ConversationPage } from '@mana/contracts';
import { createLogger } from '../../common/logger';
import { EventBus } from '../events/event-bus';
import type { EventAudience } from '../events/event-audience';
import { ConversationListCache, listKey } from './conversation-list-cache';

const page = (total: number): ConversationPage => ({ items: [], total, limit: 20, offset: 0 });

function setup() {
  const logger = createLogger('silent');
  const audience = { membersOf: async () => ['member-1'] } as unknown as EventAudience;
  const events = new EventBus(null, logger, audience);
  const cache = new ConversationListCache(events, null, logger);
  let loads = 0;
  const loader = (total: number) => async () => {
    loads++;
    return page(total);
  };
  return { events, cache, loader, loads: () => loads };
}

describe('ConversationListCache', () => {
  it('reads a page once until its list changes', async () => {
    const { events, cache, loader, loads } = setup();
    const list = listKey({ userId: 'u1', spaceId: null });
    expect(await cache.page(list, 'p0', loader(1))).toEqual(page(1));
    expect(await cache.page(list, 'p0', loader(99))).toEqual(page(1));
    expect(loads()).toBe(1);

    // Someone else's change leaves this list alone; a change to one of its conversations clears it.
    events.publishToConversation({ userId: 'u2', spaceId: null }, { type: 'conversation.deleted', conversationId: 'c' });
    expect(await cache.page(list, 'p0', loader(2))).toEqual(page(1));
    events.publishToConversation({ userId: 'u1', spaceId: null }, { type: 'conversation.deleted', conversationId: 'c' });
    expect(await cache.page(list, 'p0', loader(2))).toEqual(page(2));
    expect(loads()).toBe(2);
  });

  it('keys a space conversation to the space list, not the creator’s own list', async () => {
    const { events, cache, loader } = setup();
    const own = listKey({ userId: 'u1', spaceId: null });
    const space = listKey({ userId: 'u1', spaceId: 's1' });
    await cache.page(own, 'p0', loader(1));
    await cache.page(space, 'p0', loader(1));
    events.publishToConversation({ userId: 'u1', spaceId: 's1' }, { type: 'conversation.deleted', conversationId: 'c' });
    expect(await cache.page(own, 'p0', loader(5))).toEqual(page(1));
    expect(await cache.page(space, 'p0', loader(5))).toEqual(page(5));
  });

  it('does not keep a page that was being read while its list changed', async () => {
    const { events, cache } = setup();
    const list = listKey({ userId: 'u1', spaceId: null });
    let release!: () => void;
    const slow = cache.page(list, 'p0', () => new Promise<ConversationPage>((resolve) => (release = () => resolve(page(1)))));
    events.publishToConversation({ userId: 'u1', spaceId: null }, { type: 'conversation.deleted', conversationId: 'c' });
    release();
    expect(await slow).toEqual(page(1));
    // The stale answer went to the reader that asked before the change, and no further.
    expect(await cache.page(list, 'p0', async () => page(0))).toEqual(page(0));
  });

  it('forgets every list at once, also pages being read meanwhile', async () => {
    const { cache, loader } = setup();
    const a = listKey({ userId: 'u1', spaceId: null });
    const b = listKey({ userId: 'u2', spaceId: 's1' });
    await cache.page(a, 'p0', loader(1));
    let release!: () => void;
    const slow = cache.page(b, 'p0', () => new Promise<ConversationPage>((resolve) => (release = () => resolve(page(1)))));
    cache.forgetEveryone();
    release();
    await slow;
    expect(await cache.page(a, 'p0', loader(2))).toEqual(page(2));
    expect(await cache.page(b, 'p0', loader(2))).toEqual(page(2));
  });
});
