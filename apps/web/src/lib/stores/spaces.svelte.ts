import type { Space, SpaceInvitation, SpaceRole } from '@mana/contracts';
import type { ManaClient } from '@mana/client';
import { ConversationListStore } from './conversations.svelte';

/**
 * The spaces the user belongs to, their pending invitations, which one the sidebar shows
 * (`currentId`, null for the personal conversations), and each space's conversation list.
 */
export class SpaceStore {
  items = $state.raw<Space[]>([]);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state.raw<unknown>(null);
  invitations = $state.raw<SpaceInvitation[]>([]);
  /** The space whose conversations the sidebar lists and new chats go to; null: personal. */
  currentId = $state<string | null>(null);

  private readonly lists = new Map<string, ConversationListStore>();

  constructor(private readonly client: () => ManaClient) {}

  get current(): Space | undefined {
    return this.currentId ? this.get(this.currentId) : undefined;
  }

  get(id: string | null | undefined): Space | undefined {
    return id ? this.items.find((s) => s.id === id) : undefined;
  }

  /** The user's role in a space (null: not a member, or not loaded yet). */
  roleOf(spaceId: string | null | undefined): SpaceRole | null {
    return this.get(spaceId)?.role ?? null;
  }

  async load() {
    this.status = this.items.length ? this.status : 'loading';
    try {
      this.items = sortSpaces((await this.client().listSpaces()).items);
      this.status = 'ready';
      this.error = null;
      if (this.currentId && !this.get(this.currentId)) this.currentId = null;
    } catch (error) {
      this.error = error;
      if (!this.items.length) this.status = 'error';
    }
  }

  async loadInvitations() {
    try {
      this.invitations = (await this.client().spaceInvitations()).items;
    } catch {
      // Shown again on the next try (page open, tab focus); nothing to tell the user.
    }
  }

  async create(name: string, description?: string): Promise<Space> {
    const space = await this.client().createSpace({ name, description: description || undefined });
    this.put(space);
    return space;
  }

  /** Accepts or declines an invitation; an accepted space appears in the list. */
  async respond(spaceId: string, accept: boolean) {
    await this.client().respondToInvitation(spaceId, accept);
    this.invitations = this.invitations.filter((i) => i.spaceId !== spaceId);
    if (accept) this.put(await this.client().getSpace(spaceId));
  }

  put(space: Space) {
    this.items = sortSpaces([...this.items.filter((s) => s.id !== space.id), space]);
  }

  /** After leaving or deleting a space. */
  forget(spaceId: string) {
    this.items = this.items.filter((s) => s.id !== spaceId);
    this.lists.delete(spaceId);
    if (this.currentId === spaceId) this.currentId = null;
  }

  /** A space's conversation list (created on first use, kept for the session). */
  listFor(spaceId: string): ConversationListStore {
    let list = this.lists.get(spaceId);
    if (!list) {
      list = new ConversationListStore(this.client, spaceId);
      this.lists.set(spaceId, list);
    }
    return list;
  }

  /** The lists already created (loaded or loading): where a change event may need to go. */
  loadedLists(): ConversationListStore[] {
    return [...this.lists.values()];
  }

  clear() {
    this.items = [];
    this.invitations = [];
    this.status = 'idle';
    this.currentId = null;
    this.lists.clear();
  }
}

const sortSpaces = (spaces: Space[]) => [...spaces].sort((a, b) => a.name.localeCompare(b.name));
