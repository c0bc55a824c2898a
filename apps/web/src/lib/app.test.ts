import { describe, expect, it } from 'vitest';
import { conversation } from '../test/fake-api';
import { applyChange, conversations, remoteWriting, spaces } from './app.svelte';

describe('live changes reach the sidebar', () => {
  it('puts a new conversation into the personal list or its space\'s list, in place, and removes deleted ones', () => {
    applyChange({ type: 'conversation.created', conversation: conversation({ id: 'p1', title: 'Mine', lastMessageAt: '2026-11-24T12:00:00.000Z' }) });
    applyChange({ type: 'conversation.created', conversation: conversation({ id: 's1', title: 'Team', spaceId: 'space-1' }) });
    expect(conversations.active.items.map((c) => c.id)).toEqual(['p1']);
    expect(spaces.listFor('space-1').active.items.map((c) => c.id)).toEqual(['s1']);

    applyChange({ type: 'conversation.updated', conversation: conversation({ id: 'p1', title: 'Renamed elsewhere', isPinned: true }) });
    expect(conversations.pinned.map((c) => c.title)).toEqual(['Renamed elsewhere']);

    applyChange({ type: 'conversation.deleted', conversationId: 's1' });
    applyChange({ type: 'conversation.deleted', conversationId: 'p1' });
    expect(conversations.active.items).toEqual([]);
    expect(spaces.listFor('space-1').active.items).toEqual([]);
  });

  it('marks a conversation as writing while another device\'s reply runs', () => {
    applyChange({ type: 'message.created', conversationId: 'c9', messageId: 'r1', role: 'assistant', parentId: 'u1', status: 'pending' });
    applyChange({ type: 'message.created', conversationId: 'c9', messageId: 'r2', role: 'assistant', parentId: 'u1', status: 'pending' });
    expect(remoteWriting.has('c9')).toBe(true);
    applyChange({ type: 'message.completed', conversationId: 'c9', messageId: 'r1', status: 'complete' });
    expect(remoteWriting.has('c9')).toBe(true);
    applyChange({ type: 'message.completed', conversationId: 'c9', messageId: 'r2', status: 'failed' });
    expect(remoteWriting.has('c9')).toBe(false);
  });
});
