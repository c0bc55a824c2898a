import type { ErrorBody, Message } from '@mana/contracts';
import type { MessageRow } from './messages.repository';

export const toMessage = (row: MessageRow, siblingIds: string[] = [row.id]): Message => ({
  id: row.id,
  conversationId: row.conversationId,
  parentId: row.parentId,
  role: row.role,
  content: row.content,
  reasoning: row.reasoning,
  modelId: row.modelId,
  status: row.status,
  error: (row.error as ErrorBody | null) ?? null,
  promptTokens: row.promptTokens,
  completionTokens: row.completionTokens,
  costUsd: row.costUsd,
  ttftMs: row.ttftMs,
  durationMs: row.durationMs,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  siblingIds,
});
