import type { ManaClient } from '@mana/client';
import { isFinalStatus, type ChangeEvent, type Conversation, type Message } from '@mana/contracts';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { chatKeys } from '@/features/chat/chat-keys';
import { flattenMessages, replaceMessage, type MessagePages } from '@/features/chat/message-cache';
import type { ReplyStreams } from '@/features/chat/reply-streams';
import {
  containsConversation,
  insertConversation,
  removeConversation,
  replaceConversation,
  type ConversationPages,
} from '@/features/conversations/conversation-cache';
import { conversationKeys } from '@/features/conversations/conversation-keys';
import { usageKeys } from '@/features/usage/usage-keys';

export interface ChangeContext {
  queryClient: QueryClient;
  streams: ReplyStreams;
  client: () => ManaClient;
}

/** Whether a screen shows the query right now (an open chat observes its messages). */
const isObserved = (queryClient: QueryClient, queryKey: QueryKey) =>
  (queryClient.getQueryCache().find({ queryKey, exact: true })?.getObserversCount() ?? 0) > 0;

/**
 * Folds one live change into what the app shows: lists are edited in place (no refetch) where the
 * change is fully known, otherwise invalidated; an open chat follows a reply started elsewhere
 * through the reply store, so it streams in here as it does on the device that sent it.
 */
export function applyChange({ queryClient, streams, client }: ChangeContext, event: ChangeEvent): void {
  switch (event.type) {
    case 'conversation.created':
    case 'conversation.updated':
      return upsert(queryClient, streams, event.conversation, event.type === 'conversation.created');
    case 'conversation.deleted': {
      queryClient.setQueriesData<ConversationPages>({ queryKey: conversationKeys.lists() }, (data) => removeConversation(data, event.conversationId));
      const detail = conversationKeys.detail(event.conversationId);
      // An open chat refetches and says it is gone; anything else is simply dropped.
      if (isObserved(queryClient, detail)) void queryClient.invalidateQueries({ queryKey: detail });
      else {
        queryClient.removeQueries({ queryKey: detail, exact: true });
        queryClient.removeQueries({ queryKey: chatKeys.messages(event.conversationId), exact: true });
      }
      return;
    }
    case 'message.created':
    case 'message.updated': {
      const role = event.type === 'message.created' ? event.role : 'assistant';
      const messages = chatKeys.messages(event.conversationId);
      if (role === 'assistant' && !isFinalStatus(event.status) && isObserved(queryClient, messages)) {
        // The replay starts with the turn's messages (data-message), which puts them into the chat.
        streams.follow(event.conversationId, event.messageId);
        return;
      }
      if (!streams.knows(event.messageId) && !streams.isStarting(event.conversationId)) {
        void queryClient.invalidateQueries({ queryKey: messages, refetchType: 'none' });
      }
      return;
    }
    case 'message.completed': {
      void queryClient.invalidateQueries({ queryKey: usageKeys.all });
      const messages = chatKeys.messages(event.conversationId);
      const cached = queryClient.getQueryData<MessagePages>(messages);
      if (!cached) return;
      if (!flattenMessages(cached).some((m) => m.id === event.messageId)) {
        void queryClient.invalidateQueries({ queryKey: messages });
        return;
      }
      // The stored reply (final text, cost, tokens) replaces the cached one.
      void client()
        .request<Message>('GET', `/messages/${event.messageId}`)
        .then((message) => queryClient.setQueryData<MessagePages>(messages, (pages) => replaceMessage(pages, message)))
        .catch(() => void queryClient.invalidateQueries({ queryKey: messages }));
      return;
    }
  }
}

function upsert(queryClient: QueryClient, streams: ReplyStreams, conversation: Conversation, created: boolean): void {
  const detail = conversationKeys.detail(conversation.id);
  if (queryClient.getQueryData(detail)) queryClient.setQueryData(detail, conversation);

  if (conversation.spaceId) {
    // A space's list holds every member's conversations; this change is one of many, reload it.
    void queryClient.invalidateQueries({ queryKey: conversationKeys.spaceList(conversation.spaceId) });
  } else {
    for (const archived of [false, true]) {
      const key = conversationKeys.list(archived);
      const data = queryClient.getQueryData<ConversationPages>(key);
      if (!data) continue;
      if (conversation.isArchived !== archived) {
        if (containsConversation(data, conversation.id)) queryClient.setQueryData(key, removeConversation(data, conversation.id));
      } else if (containsConversation(data, conversation.id)) {
        queryClient.setQueryData(key, replaceConversation(data, conversation));
      } else if (created) {
        queryClient.setQueryData(key, insertConversation(data, conversation));
      } else {
        // Moved here from the other list, or from beyond the loaded pages: where it goes is the server's call.
        void queryClient.invalidateQueries({ queryKey: key });
      }
    }
  }

  // Another device switched the branch (or added a turn this device does not know yet).
  const messages = chatKeys.messages(conversation.id);
  const cached = queryClient.getQueryData<MessagePages>(messages);
  const leaf = conversation.activeLeafId;
  if (
    cached &&
    leaf &&
    !streams.knows(leaf) &&
    !streams.isStarting(conversation.id) &&
    !flattenMessages(cached).some((m) => m.id === leaf)
  ) {
    void queryClient.invalidateQueries({ queryKey: messages });
  }
}
