import type { Conversation } from '@mana/contracts';
import type { ConversationRow } from './conversations.repository';

export const DEFAULT_TITLE = 'New chat';

export const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  title: row.title,
  modelId: row.modelId,
  systemPrompt: row.systemPrompt,
  spaceId: row.spaceId,
  templateId: row.templateId,
  activeLeafId: row.activeLeafId,
  isPinned: row.isPinned,
  isArchived: row.isArchived,
  isDocument: row.isDocument,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  lastMessageAt: row.lastMessageAt.toISOString(),
});
