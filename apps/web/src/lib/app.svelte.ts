import { api } from './api';
import { ConversationStore, type ConversationEvents } from './chat/conversation.svelte';
import { ReplyRegistry } from './chat/replies.svelte';
import { ConversationListStore } from './stores/conversations.svelte';
import { ModelStore } from './stores/models.svelte';
import { SessionStore } from './stores/session.svelte';
import { toasts } from './stores/toasts.svelte';
import { errorText, t } from './i18n';
import { SvelteMap } from 'svelte/reactivity';

/** The app's singletons, wired to the one API client. */
export const session = new SessionStore(api);
export const models = new ModelStore(() => api);
export const conversations = new ConversationListStore(() => api);
export const replies = new ReplyRegistry(() => api);
/** Unsent text per conversation ("new" for the new-chat screen), kept while switching chats. */
export const drafts = new SvelteMap<string, string>();

const open = new Map<string, ConversationStore>();

function eventsFor(id: string): ConversationEvents {
  return {
    changed: (conversation) => conversations.upsert(conversation),
    sendFailed: (content, error) => {
      // Nothing was saved: the text goes back into the message box, so nothing typed is lost.
      if (!drafts.get(id)) drafts.set(id, content);
      toasts.error(`${t('chat.sendError')} ${errorText(error)}`);
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
  conversations.upsert(conversation);
  return store;
}

export function forgetConversation(id: string) {
  open.delete(id);
  drafts.delete(id);
}

/** Everything a signed-out tab must not keep showing. */
export function clearUserState() {
  open.clear();
  drafts.clear();
  conversations.clear();
}
