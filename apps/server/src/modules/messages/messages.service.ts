import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type Conversation,
  type EditMessageRequest,
  fail,
  isFinalStatus,
  type ListMessagesQuery,
  type Message,
  type MessagePage,
  ok,
  type RegenerateRequest,
  type Result,
  type SendMessageRequest,
} from '@mana/contracts';
import { toConversation } from '../conversations/conversation.mapper';
import { ConversationsRepository, type ConversationRow } from '../conversations/conversations.repository';
import { ConversationsService } from '../conversations/conversations.service';
import { DocumentsService } from '../documents/documents.service';
import { SpendLimits } from '../account/spend-limits';
import { EventBus } from '../events/event-bus';
import { ModelsService } from '../models/models.service';
import type { AiModelRow } from '../models/models.repository';
import type { ChatProvider } from '../providers/provider';
import { GenerationQuota } from '../streaming/generation-quota';
import { GenerationService } from '../streaming/generation.service';
import { decodeCursor, encodeCursor } from './cursor';
import { toMessage } from './message.mapper';
import { type MessageInsert, type MessageRow, MessagesRepository } from './messages.repository';
import { buildPrompt, type PromptTurn } from './prompt';

/** How many turns of history a prompt may draw on before trimming to the context window. */
const PROMPT_HISTORY_LIMIT = 1_000;

/** What a send, regenerate or edit created: the reply ids are what clients stream or attach to. */
export interface Turn {
  userMessage: Message | null;
  replies: Message[];
}

type ResolvedModelChoice = { model: AiModelRow; provider: ChatProvider; upstreamModel: string; fallbackModels?: string[] };

@Injectable()
export class MessagesService {
  constructor(
    private readonly repository: MessagesRepository,
    private readonly conversations: ConversationsRepository,
    private readonly access: ConversationsService,
    private readonly models: ModelsService,
    private readonly generation: GenerationService,
    private readonly events: EventBus,
    private readonly documents: DocumentsService,
    private readonly spendLimits: SpendLimits,
    private readonly quota: GenerationQuota,
  ) {}

  /** The active branch, oldest first, one keyset page at a time. */
  async list(userId: string, conversationId: string, query: ListMessagesQuery): Promise<Result<MessagePage>> {
    const found = await this.access.readable(userId, conversationId);
    if (!found.ok) return found;
    const leafId = found.value.conversation.activeLeafId;
    if (!leafId) return ok({ items: [], nextCursor: null, prevCursor: null });

    let ids: string[];
    if (query.after) {
      const anchor = decodeCursor(query.after);
      if (!anchor) return fail('VALIDATION', 'Invalid cursor', { fields: [{ path: 'after', message: 'is not a cursor' }] });
      const newer = await this.repository.descendantsOnBranch({ conversationId, leafId, ancestorId: anchor });
      if (!newer) return fail('VALIDATION', 'The cursor is not on the active branch', { fields: [{ path: 'after', message: 'not on the active branch' }] });
      ids = newer.slice(0, query.limit);
    } else {
      let startId: string | null = leafId;
      if (query.before) {
        const anchor = decodeCursor(query.before);
        const anchorRow = anchor ? await this.repository.findInConversation({ id: anchor, conversationId }) : null;
        if (!anchorRow) return fail('VALIDATION', 'Invalid cursor', { fields: [{ path: 'before', message: 'is not a cursor of this conversation' }] });
        startId = anchorRow.parentId;
      }
      ids = startId ? (await this.repository.walkUp({ conversationId, startId, limit: query.limit })).reverse() : [];
    }

    const rows = await this.withSiblings(conversationId, await this.inOrder(ids));
    const oldest = rows[0];
    const newest = rows.at(-1);
    return ok({
      items: rows,
      nextCursor: oldest?.parentId ? encodeCursor(oldest.id) : null,
      prevCursor: newest && newest.id !== leafId ? encodeCursor(newest.id) : null,
    });
  }

  async send(userId: string, conversationId: string, input: SendMessageRequest): Promise<Result<Turn>> {
    const found = await this.access.writable(userId, conversationId);
    if (!found.ok) return found;
    const { conversation } = found.value;
    const parentId = input.parentId === undefined ? conversation.activeLeafId : input.parentId;
    if (parentId && parentId !== conversation.activeLeafId && !(await this.repository.findInConversation({ id: parentId, conversationId }))) {
      return fail('NOT_FOUND', 'Parent message not found');
    }
    const chosen = await this.resolveModels(input.modelIds ?? [input.modelId ?? conversation.modelId]);
    if (!chosen.ok) return chosen;
    const rememberModel = !input.modelIds && input.modelId && input.modelId !== conversation.modelId ? input.modelId : undefined;
    return this.startTurn({
      userId,
      conversation,
      parentId,
      userContent: input.content,
      models: chosen.value,
      rememberModel,
    });
  }

  /** A new reply beside an assistant message (a sibling), or a reply to a user message. */
  async regenerate(userId: string, messageId: string, input: RegenerateRequest): Promise<Result<Turn>> {
    const found = await this.message(userId, messageId, 'write');
    if (!found.ok) return found;
    const { target, conversation } = found.value;
    const chosen = await this.resolveModels([input.modelId ?? (target.role === 'assistant' ? target.modelId : null) ?? conversation.modelId]);
    if (!chosen.ok) return chosen;
    const parentId = target.role === 'assistant' ? target.parentId : target.id;
    return this.startTurn({ userId, conversation, parentId, userContent: null, models: chosen.value });
  }

  /** The edited text becomes a new user message beside the original, answered afresh. */
  async edit(userId: string, messageId: string, input: EditMessageRequest): Promise<Result<Turn>> {
    const found = await this.message(userId, messageId, 'write');
    if (!found.ok) return found;
    const { target, conversation } = found.value;
    if (target.role !== 'user') return fail('VALIDATION', 'Only your own messages can be edited');
    const chosen = await this.resolveModels([input.modelId ?? conversation.modelId]);
    if (!chosen.ok) return chosen;
    return this.startTurn({ userId, conversation, parentId: target.parentId, userContent: input.content, models: chosen.value });
  }

  async stop(userId: string, messageId: string): Promise<Result<Message>> {
    const found = await this.message(userId, messageId, 'write');
    if (!found.ok) return found;
    const { target } = found.value;
    if (target.role !== 'assistant') return fail('VALIDATION', 'Only a reply can be stopped');
    let row: MessageRow = isFinalStatus(target.status) ? target : ((await this.generation.stopAnywhere(messageId)) ?? target);
    if (!isFinalStatus(row.status)) {
      // Not running here and not finished: its process is gone; keep its text, mark it stopped.
      await this.repository.updateReply({ id: messageId, fields: { status: 'cancelled' } });
      row = { ...row, status: 'cancelled' };
    }
    return ok((await this.withSiblings(row.conversationId, [row]))[0]);
  }

  async get(userId: string, messageId: string): Promise<Result<Message>> {
    const found = await this.message(userId, messageId, 'read');
    if (!found.ok) return found;
    const row = found.value.target;
    return ok((await this.withSiblings(row.conversationId, [row]))[0]);
  }

  /** Shows another branch: the newest leaf under the given message becomes the active leaf. */
  async switchBranch(userId: string, conversationId: string, messageId: string): Promise<Result<Conversation>> {
    const found = await this.access.writable(userId, conversationId);
    if (!found.ok) return found;
    if (!(await this.repository.findInConversation({ id: messageId, conversationId }))) return fail('NOT_FOUND', 'Message not found');
    const leafId = await this.repository.newestLeafUnder({ conversationId, messageId });
    const row = await this.conversations.updateConversation({ id: conversationId, fields: { activeLeafId: leafId } });
    const updated = toConversation(row!);
    this.events.publishToConversation(row!, { type: 'conversation.updated', conversation: updated });
    return ok(updated);
  }

  /** A message and its conversation, if the user may read (or write) that conversation. */
  private async message(
    userId: string,
    messageId: string,
    need: 'read' | 'write',
  ): Promise<Result<{ target: MessageRow; conversation: ConversationRow }>> {
    const conversationId = await this.repository.findConversationIdOf({ id: messageId });
    if (!conversationId) return fail('NOT_FOUND', 'Message not found');
    const found = need === 'write' ? await this.access.writable(userId, conversationId) : await this.access.readable(userId, conversationId);
    if (!found.ok) return found.error.code === 'NOT_FOUND' ? fail('NOT_FOUND', 'Message not found') : found;
    const target = await this.repository.findInConversation({ id: messageId, conversationId });
    if (!target) return fail('NOT_FOUND', 'Message not found');
    return ok({ target, conversation: found.value.conversation });
  }

  private async startTurn(input: {
    userId: string;
    conversation: ConversationRow;
    parentId: string | null;
    userContent: string | null;
    models: ResolvedModelChoice[];
    rememberModel?: string;
  }): Promise<Result<Turn>> {
    // Limits are checked before anything is stored: a refused message was never accepted, and the
    // client keeps the draft.
    const withinSpend = await this.spendLimits.check(input.userId);
    if (!withinSpend.ok) return withinSpend;
    const allowed = await this.quota.acquire(input.userId, input.models.length);
    if (!allowed.ok) return allowed;
    const { conversation } = input;
    const now = Date.now();
    const userMessageId = input.userContent === null ? null : randomUUID();
    const replyParent = userMessageId ?? input.parentId;
    const userInsert: MessageInsert | null =
      userMessageId === null
        ? null
        : {
            id: userMessageId,
            conversationId: conversation.id,
            parentId: input.parentId,
            role: 'user',
            content: input.userContent!,
            status: 'complete',
            createdAt: new Date(now),
            updatedAt: new Date(now),
          };
    const replies: MessageInsert[] = input.models.map((m, i) => ({
      id: randomUUID(),
      conversationId: conversation.id,
      parentId: replyParent,
      role: 'assistant',
      content: '',
      modelId: m.model.id,
      status: 'pending',
      createdAt: new Date(now + 1 + i),
      updatedAt: new Date(now + 1 + i),
    }));

    // History and the durable write of the turn go together; no model is called before both are done.
    let history: PromptTurn[];
    let turn: Awaited<ReturnType<MessagesRepository['createTurn']>>;
    try {
      [history, turn] = await Promise.all([
      input.parentId ? this.history(conversation.id, input.parentId) : Promise.resolve([] as PromptTurn[]),
      this.repository.createTurn({
        conversationId: conversation.id,
        userMessage: userInsert,
        replies,
        conversationModelId: input.rememberModel,
      }),
      ]);
    } catch (err) {
      for (let i = 0; i < input.models.length; i++) await this.quota.release(input.userId);
      throw err;
    }
    if (input.userContent !== null) history.push({ role: 'user', content: input.userContent });

    const siblings = await this.repository.siblingsOf({
      conversationId: conversation.id,
      parentIds: [...new Set([input.parentId, replyParent])],
    });
    const userMessage = turn.userMessage ? toMessage(turn.userMessage, siblings.get(turn.userMessage.parentId)) : null;
    const replyMessages = turn.replies.map((r) => toMessage(r, siblings.get(r.parentId)));

    this.events.publishToConversation(turn.conversation, { type: 'conversation.updated', conversation: toConversation(turn.conversation) });
    for (const m of [userMessage, ...replyMessages]) {
      if (m) this.events.publishToConversation(conversation, { type: 'message.created', conversationId: conversation.id, messageId: m.id, role: m.role, parentId: m.parentId, status: m.status });
    }

    const systemPrompt = await this.documents.systemPromptFor(conversation);
    input.models.forEach((choice, i) => {
      this.generation.start({
        reply: turn.replies[i],
        userMessage,
        replyMessage: replyMessages[i],
        userId: input.userId,
        audience: { userId: conversation.userId, spaceId: conversation.spaceId },
        provider: choice.provider,
        upstreamModel: choice.upstreamModel,
        prompt: buildPrompt({ systemPrompt, turns: history, contextLength: choice.model.contextLength }),
        pricing: { input: choice.model.pricingInput, output: choice.model.pricingOutput },
        fallbackModels: choice.fallbackModels,
      });
    });
    return ok({ userMessage, replies: replyMessages });
  }

  private async history(conversationId: string, fromId: string): Promise<PromptTurn[]> {
    const ids = await this.repository.walkUp({ conversationId, startId: fromId, limit: PROMPT_HISTORY_LIMIT });
    const rows = await this.inOrder(ids.reverse());
    // Replies that failed before their first word have nothing to tell the model.
    return rows.filter((r) => r.content.length > 0).map((r) => ({ role: r.role, content: r.content }));
  }

  private async resolveModels(ids: (string | null)[]): Promise<Result<ResolvedModelChoice[]>> {
    const chosen: ResolvedModelChoice[] = [];
    for (const id of ids) {
      const resolved = id ? await this.models.resolve(id) : fail('MODEL_UNAVAILABLE', 'No model chosen');
      if (!resolved.ok) return resolved;
      chosen.push(resolved.value);
    }
    return ok(chosen);
  }

  private async inOrder(ids: string[]): Promise<MessageRow[]> {
    const rows = await this.repository.findMessagesByIds({ ids });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is MessageRow => r !== undefined);
  }

  private async withSiblings(conversationId: string, rows: MessageRow[]): Promise<Message[]> {
    if (rows.length === 0) return [];
    const siblings = await this.repository.siblingsOf({ conversationId, parentIds: [...new Set(rows.map((r) => r.parentId))] });
    return rows.map((r) => toMessage(r, siblings.get(r.parentId) ?? [r.id]));
  }
}
