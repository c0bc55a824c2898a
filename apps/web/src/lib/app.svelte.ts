import type { ChangeEvent, Conversation } from '@mana/contracts';
import { api } from './api';
import { ConversationStore, type ConversationEvents } from './chat/conversation.svelte';
import { ReplyRegistry } from './chat/replies.svelte';
import { DocumentStore } from './document/document.svelte';
import { ConversationListStore } from './stores/conversations.svelte';
import { LiveEvents } from './stores/events.svelte';
import { ModelStore } from './stores/models.svelte';
import { SessionStore } from './stores/session.svelte';
import { SpaceStore } from './stores/spaces.svelte';
import { toasts } from './stores/toasts.svelte';
import { errorDetail, t } from './i18n';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';

/** The app's singletons, wired to the one API client. */
export const session = new SessionStore(api);
export const models = new ModelStore(() => api);
export const conversations = new ConversationListStore(() => api);
export const spaces = new SpaceStore(() => api);
export const replies = new ReplyRegistry(() => api);
/** Unsent text per conversation ("new" for the new-chat screen), kept while switching chats. */
export const drafts = new SvelteMap<string, string>();
/** Conversations with a reply being written that this tab does not stream itself (another device's). */
export const remoteWriting = new SvelteSet<string>();
const remoteReplies = new Map<string, string>();

const open = new Map<string, ConversationStore>();

/** The sidebar list a conversation belongs in: the personal one or its space's. */
export function listOf(conversation: Pick<Conversation, 'spaceId'>): ConversationListStore {
  return conversation.spaceId ? spaces.listFor(conversation.spaceId) : conversations;
}

/** Puts a created or changed conversation into its sidebar list. */
export function upsertConversation(conversation: Conversation) {
  listOf(conversation).upsert(conversation);
}

function removeConversation(id: string) {
  conversations.remove(id);
  for (const list of spaces.loadedLists()) list.remove(id);
}

function eventsFor(id: string): ConversationEvents {
  return {
    changed: (conversation) => upsertConversation(conversation),
    sendFailed: (content, error) => {
      // Nothing was saved: the text goes back into the message box, so nothing typed is lost.
      if (!drafts.get(id)) drafts.set(id, content);
      toasts.error(`${t('chat.sendError')} ${errorDetail(error)}`);
    },
  };
}
const KEEP_OPEN = 8;

/** The store of conversation `id`, reusing a recently opened one (instant back-and-forth). */
export function openConversation(id: string): ConversationStore {
  let store = open.get(id);
  if (store) {
    open.delete(id);
    open.set(id, store);
    return store;
  }
  store = new ConversationStore(id, api, replies, eventsFor(id));
  open.set(id, store);
  while (open.size > KEEP_OPEN) {
    const oldest = open.keys().next().value as string;
    if (replies.isRunning(oldest)) break;
    open.delete(oldest);
  }
  // Not inside the caller's reactive evaluation: loading writes state.
  queueMicrotask(() => void store.load());
  return store;
}

/** A conversation just created here: its store starts empty instead of loading. */
export function adoptConversation(conversation: Parameters<ConversationStore['adopt']>[0]): ConversationStore {
  const store = new ConversationStore(conversation.id, api, replies, eventsFor(conversation.id));
  store.adopt(conversation);
  open.set(conversation.id, store);
  upsertConversation(conversation);
  return store;
}

const documents = new Map<string, DocumentStore>();

/** The document of a document conversation (kept while the conversation store is kept). */
export function openDocument(id: string): DocumentStore {
  let doc = documents.get(id);
  if (!doc) {
    doc = new DocumentStore(id, api);
    documents.set(id, doc);
    for (const key of documents.keys()) if (!open.has(key) && key !== id) documents.delete(key);
    const created = doc;
    queueMicrotask(() => void created.load());
  }
  return doc;
}

export function forgetConversation(id: string) {
  open.delete(id);
  documents.delete(id);
  drafts.delete(id);
}

/**
 * A change from `GET /events` (another tab or device of this user, or this tab's own action echoed
 * back): the sidebar lists change in place, an open conversation shows new messages and attaches to
 * replies it does not stream itself.
 */
export function applyChange(event: ChangeEvent) {
  switch (event.type) {
    case 'conversation.created':
    case 'conversation.updated':
      upsertConversation(event.conversation);
      open.get(event.conversation.id)?.applyRemote(event);
      return;
    case 'conversation.deleted':
      removeConversation(event.conversationId);
      open.get(event.conversationId)?.applyRemote(event);
      drafts.delete(event.conversationId);
      return;
    case 'message.created':
      if (event.role === 'assistant' && (event.status === 'pending' || event.status === 'streaming')) {
        remoteReplies.set(event.messageId, event.conversationId);
        remoteWriting.add(event.conversationId);
      }
      open.get(event.conversationId)?.applyRemote(event);
      return;
    case 'message.completed':
      if (remoteReplies.delete(event.messageId) && ![...remoteReplies.values()].includes(event.conversationId)) {
        remoteWriting.delete(event.conversationId);
      }
      open.get(event.conversationId)?.applyRemote(event);
      return;
    case 'message.updated':
      open.get(event.conversationId)?.applyRemote(event);
      return;
  }
}

/** After the event stream reconnected: reload what may have changed while it was down. */
function resync() {
  remoteWriting.clear();
  remoteReplies.clear();
  void conversations.active.load();
  if (conversations.archive.status !== 'idle') void conversations.archive.load();
  for (const list of spaces.loadedLists()) if (list.active.status !== 'idle') void list.active.load();
  void spaces.load();
  for (const store of open.values()) void store.refresh();
}

/** The tab's connection to `GET /events`; the signed-in layout starts and stops it. */
export const live = new LiveEvents(() => api, { onEvent: applyChange, onResync: resync });

/** Everything a signed-out tab must not keep showing. */
export function clearUserState() {
  live.stop();
  open.clear();
  documents.clear();
  drafts.clear();
  conversations.clear();
  spaces.clear();
  remoteWriting.clear();
  remoteReplies.clear();
}
