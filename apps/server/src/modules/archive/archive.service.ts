import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type ConversationExport,
  conversationExportSchema,
  EXPORT_FORMAT,
  type ExportedChat,
  fail,
  type ImportResult,
  ok,
  type Result,
  accountExportSchema,
} from '@mana/contracts';
import { ConversationListCache } from '../conversations/conversation-list-cache';
import { ModelsService } from '../models/models.service';
import { type ArchivedConversation, ArchiveRepository } from './archive.repository';
import { chatGptExportSchema, fromChatGpt } from './chatgpt-import';
import { conversationsToMarkdown } from './markdown';

type InsertItem = Parameters<ArchiveRepository['insertConversations']>[0][number];

const iso = (d: Date) => d.toISOString();
const FINAL = new Set(['complete', 'failed', 'cancelled']);

export function toExportedChat({ conversation: c, messages, documents }: ArchivedConversation): ExportedChat {
  return {
    id: c.id,
    title: c.title,
    modelId: c.modelId,
    systemPrompt: c.systemPrompt,
    spaceId: c.spaceId,
    templateId: c.templateId,
    activeLeafId: c.activeLeafId,
    isPinned: c.isPinned,
    isArchived: c.isArchived,
    isDocument: c.isDocument,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
    lastMessageAt: iso(c.lastMessageAt),
    messages: messages.map((m) => ({
      id: m.id,
      parentId: m.parentId,
      role: m.role,
      content: m.content,
      reasoning: m.reasoning,
      modelId: m.modelId,
      status: m.status,
      error: m.error ?? null,
      promptTokens: m.promptTokens,
      completionTokens: m.completionTokens,
      costUsd: m.costUsd,
      ttftMs: m.ttftMs,
      durationMs: m.durationMs,
      createdAt: iso(m.createdAt),
      updatedAt: iso(m.updatedAt),
    })),
    documents: documents.map((d) => ({ id: d.id, messageId: d.messageId, version: d.version, content: d.content, createdAt: iso(d.createdAt) })),
  };
}

/** Export and import of conversations: our JSON (complete, every branch), Markdown, and ChatGPT's export. */
@Injectable()
export class ArchiveService {
  constructor(
    private readonly repository: ArchiveRepository,
    private readonly models: ModelsService,
    private readonly lists: ConversationListCache,
  ) {}

  async exportJson(userId: string, conversationId?: string): Promise<Result<ConversationExport>> {
    const loaded = await this.repository.loadConversations({ userId, conversationId });
    if (conversationId && loaded.length === 0) return fail('NOT_FOUND', 'Conversation not found');
    return ok({ format: EXPORT_FORMAT, version: 1, exportedAt: new Date().toISOString(), conversations: loaded.map(toExportedChat) });
  }

  async exportMarkdown(userId: string, conversationId?: string): Promise<Result<string>> {
    const exported = await this.exportJson(userId, conversationId);
    return exported.ok ? ok(conversationsToMarkdown(exported.value.conversations)) : exported;
  }

  /** Reads our export (either format) or ChatGPT's; everything gets new ids, so importing twice is safe. */
  async import(userId: string, body: unknown): Promise<Result<ImportResult>> {
    const ours = conversationExportSchema.safeParse(body);
    const account = ours.success ? null : accountExportSchema.safeParse(body);
    if (ours.success || account?.success) {
      const chats = ours.success ? ours.data.conversations : account!.data!.conversations.map((c) => ({ ...c, isDocument: false }));
      return this.store(userId, 'mana-chat', chats.map((c) => this.fromOurs(userId, c)));
    }
    const chatGpt = chatGptExportSchema.safeParse(body);
    if (chatGpt.success) {
      const modelId = (await this.models.defaultModel()).id;
      return this.store(userId, 'chatgpt', fromChatGpt(chatGpt.data).map((chat) => this.fromChatGptChat(userId, modelId, chat)));
    }
    return fail('VALIDATION', "Not a Mana Chat export or ChatGPT's conversations.json", {
      fields: [{ path: '(root)', message: `expected { format: "${EXPORT_FORMAT}", … } or ChatGPT's list of conversations` }],
    });
  }

  private async store(userId: string, source: ImportResult['source'], items: InsertItem[]): Promise<Result<ImportResult>> {
    await this.repository.insertConversations(items);
    this.lists.forget({ userId, spaceId: null });
    return ok({ imported: items.length, source, conversationIds: items.map((i) => i.conversation.id!) });
  }

  private fromOurs(userId: string, chat: ExportedChat): InsertItem {
    const ids = new Map<string, string>(chat.messages.map((m) => [m.id, randomUUID()]));
    const conversationId = randomUUID();
    return {
      conversation: {
        id: conversationId,
        userId,
        title: chat.title,
        modelId: chat.modelId,
        systemPrompt: chat.systemPrompt,
        activeLeafId: chat.activeLeafId ? (ids.get(chat.activeLeafId) ?? null) : null,
        isPinned: chat.isPinned,
        isArchived: chat.isArchived,
        isDocument: chat.isDocument,
        createdAt: new Date(chat.createdAt),
        updatedAt: new Date(chat.updatedAt),
        lastMessageAt: new Date(chat.lastMessageAt),
      },
      messages: chat.messages.map((m) => ({
        id: ids.get(m.id)!,
        conversationId,
        parentId: m.parentId ? (ids.get(m.parentId) ?? null) : null,
        role: m.role,
        content: m.content,
        reasoning: m.reasoning,
        modelId: m.modelId,
        // A reply exported mid-stream has no process writing it here.
        status: FINAL.has(m.status) ? m.status : 'failed',
        error: (m.error as { code: string; message: string } | null) ?? null,
        promptTokens: m.promptTokens,
        completionTokens: m.completionTokens,
        costUsd: m.costUsd,
        ttftMs: m.ttftMs,
        durationMs: m.durationMs,
        createdAt: new Date(m.createdAt),
        updatedAt: new Date(m.updatedAt ?? m.createdAt),
      })),
      documents: chat.documents.map((d) => ({
        conversationId,
        version: d.version,
        content: d.content,
        messageId: d.messageId ? (ids.get(d.messageId) ?? null) : null,
        createdAt: new Date(d.createdAt),
      })),
    };
  }

  private fromChatGptChat(userId: string, modelId: string, chat: ReturnType<typeof fromChatGpt>[number]): InsertItem {
    const ids = new Map(chat.turns.map((t) => [t.key, randomUUID()]));
    const conversationId = randomUUID();
    const last = chat.turns.reduce((latest, t) => (t.createdAt > latest ? t.createdAt : latest), chat.updatedAt);
    return {
      conversation: {
        id: conversationId,
        userId,
        title: chat.title.slice(0, 200),
        modelId,
        activeLeafId: chat.activeLeafKey ? (ids.get(chat.activeLeafKey) ?? null) : null,
        createdAt: chat.createdAt,
        updatedAt: chat.updatedAt,
        lastMessageAt: last,
      },
      messages: chat.turns.map((t) => ({
        id: ids.get(t.key)!,
        conversationId,
        parentId: t.parentKey ? (ids.get(t.parentKey) ?? null) : null,
        role: t.role,
        content: t.content,
        modelId: t.modelId,
        status: 'complete' as const,
        createdAt: t.createdAt,
        updatedAt: t.createdAt,
      })),
      documents: [],
    };
  }
}
