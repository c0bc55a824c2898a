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
import type { ConversationRow } from '../conversations/conversations.repository';
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
import { type MessageRow, MessagesRepository, type PageEntry } from './messages.repository';
import type { TurnMessage } from './turn.repository';
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
    private readonly access: ConversationsService,
    private readonly models: ModelsService,
    private readonly generation: GenerationService,
    private readonly events: EventBus,
    private readonly documents: DocumentsService,
    private readonly spendLimits: SpendLimits,
    private readonly quota: GenerationQuota,
  ) {}

  /** The active branch, oldest first, one keyset page at a time: the conversation, then one query. */
  async list(userId: string, conversationId: string, query: ListMessagesQuery): Promise<Result<MessagePage>> {
    const found = await this.access.readable(userId, conversationId);
    if (!found.ok) return found;
    const leafId = found.value.conversation.activeLeafId;
    if (!leafId) return ok({ items: [], nextCursor: null, prevCursor: null });

    let page: PageEntry[];
    if (query.after) {
      const anchor = decodeCursor(query.after);
      if (!anchor) return fail('VALIDATION', 'Invalid cursor', { fields: [{ path: 'after', message: 'is not a cursor' }] });
      const newer = await this.repository.pageDownFrom({ conversationId, anchorId: anchor, leafId, limit: query.limit });
      if (!newer) return fail('VALIDATION', 'The cursor is not on the active branch', { fields: [{ path: 'after', message: 'not on the active branch' }] });
      page = newer;
    } else if (query.before) {
      const anchor = decodeCursor(query.before);
      const older = anchor ? await this.repository.pageUpFrom({ conversationId, fromId: anchor, includeFrom: false, limit: query.limit }) : null;
      if (!older) return fail('VALIDATION', 'Invalid cursor', { fields: [{ path: 'before', message: 'is not a cursor of this conversation' }] });
      page = older;
    } else {
      page = (await this.repository.pageUpFrom({ conversationId, fromId: leafId, includeFrom: true, limit: query.limit })) ?? [];
    }

    const items = page.map(({ row, siblingIds }) => toMessage(row, siblingIds));
    const oldest = items[0];
    const newest = items.at(-1);
    return ok({
      items,
      nextCursor: oldest?.parentId ? encodeCursor(oldest.id) : null,
      prevCursor: newest && newest.id !== leafId ? encodeCursor(newest.id) : null,
    });
  }

  async send(userId: string, conversationId: string, input: SendMessageRequest): Promise<Result<Turn>> {
    // The spending limit is read together with access; it only matters once access is granted.
    const [found, withinSpend] = await Promise.all([this.access.writable(userId, conversationId), this.spendLimits.check(userId)]);
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
      withinSpend,
    });
  }

  /** A new reply beside an assistant message (a sibling), or a reply to a user message. */
  async regenerate(userId: string, messageId: string, input: RegenerateRequest): Promise<Result<Turn>> {
    const [found, withinSpend] = await Promise.all([this.message(userId, messageId, 'write'), this.spendLimits.check(userId)]);
    if (!found.ok) return found;
    const { target, conversation } = found.value;
    const chosen = await this.resolveModels([input.modelId ?? (target.role === 'assistant' ? target.modelId : null) ?? conversation.modelId]);
    if (!chosen.ok) return chosen;
    const parentId = target.role === 'assistant' ? target.parentId : target.id;
    return this.startTurn({ userId, conversation, parentId, userContent: null, models: chosen.value, withinSpend });
  }

  /** The edited text becomes a new user message beside the original, answered afresh. */
  async edit(userId: string, messageId: string, input: EditMessageRequest): Promise<Result<Turn>> {
    const [found, withinSpend] = await Promise.all([this.message(userId, messageId, 'write'), this.spendLimits.check(userId)]);
    if (!found.ok) return found;
    const { target, conversation } = found.value;
    if (target.role !== 'user') return fail('VALIDATION', 'Only your own messages can be edited');
    const chosen = await this.resolveModels([input.modelId ?? conversation.modelId]);
    if (!chosen.ok) return chosen;
    return this.startTurn({ userId, conversation, parentId: target.parentId, userContent: input.content, models: chosen.value, withinSpend });
  }

  async stop(userId: string, messageId: string): Promise<Result<Message>> {
    const found = await this.message(userId, messageId, 'write');
    if (!found.ok) return found;
    const { target, siblingIds } = found.value;
    if (target.role !== 'assistant') return fail('VALIDATION', 'Only a reply can be stopped');
    let row: MessageRow = isFinalStatus(target.status) ? target : ((await this.generation.stopAnywhere(messageId)) ?? target);
    if (!isFinalStatus(row.status)) {
      // Not running here and not finished: its process is gone; keep its text, mark it stopped.
      await this.repository.updateReply({ id: messageId, fields: { status: 'cancelled' } });
      row = { ...row, status: 'cancelled' };
    }
    return ok(toMessage(row, siblingIds));
  }

  async get(userId: string, messageId: string): Promise<Result<Message>> {
    const found = await this.message(userId, messageId, 'read');
    if (!found.ok) return found;
    return ok(toMessage(found.value.target, found.value.siblingIds));
  }

  /** Shows another branch: the newest leaf under the given message becomes the active leaf. */
  async switchBranch(userId: string, conversationId: string, messageId: string): Promise<Result<Conversation>> {
    const found = await this.access.writable(userId, conversationId);
    if (!found.ok) return found;
    const leafId = await this.repository.newestLeafUnder({ conversationId, messageId });
    if (!leafId) return fail('NOT_FOUND', 'Message not found');
    const row = await this.repository.moveActiveLeaf({ conversationId, leafId });
    if (!row) return fail('NOT_FOUND', 'Conversation not found');
    const updated = toConversation(row);
    this.events.publishToConversation(row, { type: 'conversation.updated', conversation: updated });
    return ok(updated);
  }

  /** A message, its siblings and its conversation, if the user may read (or write) that conversation: two queries. */
  private async message(
    userId: string,
    messageId: string,
    need: 'read' | 'write',
  ): Promise<Result<{ target: MessageRow; siblingIds: string[]; conversation: ConversationRow }>> {
    const found = await this.repository.findWithSiblings({ id: messageId });
    if (!found) return fail('NOT_FOUND', 'Message not found');
    const { conversationId } = found.row;
    const access = need === 'write' ? await this.access.writable(userId, conversationId) : await this.access.readable(userId, conversationId);
    if (!access.ok) return access.error.code === 'NOT_FOUND' ? fail('NOT_FOUND', 'Message not found') : access;
    return ok({ target: found.row, siblingIds: found.siblingIds, conversation: access.value.conversation });
  }

  private async startTurn(input: {
    userId: string;
    conversation: ConversationRow;
    parentId: string | null;
    userContent: string | null;
    models: ResolvedModelChoice[];
    rememberModel?: string;
    withinSpend: Result<void>;
  }): Promise<Result<Turn>> {
    // Limits are checked before anything is stored: a refused message was never accepted, and the
    // client keeps the draft.
    if (!input.withinSpend.ok) return input.withinSpend;
    const allowed = await this.quota.acquire(input.userId, input.models.length);
    if (!allowed.ok) return allowed;
    const { conversation } = input;
    const now = Date.now();
    const userMessageId = input.userContent === null ? null : randomUUID();
    const replyParent = userMessageId ?? input.parentId;
    const userRow: TurnMessage | null =
      userMessageId === null
        ? null
        : {
            id: userMessageId,
            conversationId: conversation.id,
            parentId: input.parentId,
            role: 'user',
            content: input.userContent!,
            modelId: null,
            status: 'complete',
            createdAt: new Date(now),
            updatedAt: new Date(now),
          };
    const replyRows: TurnMessage[] = input.models.map((m, i) => ({
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

    // The turn is committed before any model is called; the history and the system prompt are read
    // meanwhile (on PostgreSQL over other connections).
    let stored: Awaited<ReturnType<MessagesRepository['createTurn']>>;
    let history: PromptTurn[];
    let systemPrompt: string | null;
    try {
      [stored, history, systemPrompt] = await Promise.all([
        this.repository.createTurn({
          conversationId: conversation.id,
          parentId: input.parentId,
          leafSeen: conversation.activeLeafId,
          userMessage: userRow,
          replies: replyRows,
          conversationModelId: input.rememberModel,
        }),
        input.parentId
          ? this.repository.promptHistory({ conversationId: conversation.id, fromId: input.parentId, limit: PROMPT_HISTORY_LIMIT })
          : Promise.resolve([]),
        this.documents.systemPromptFor(conversation),
      ]);
    } catch (err) {
      for (let i = 0; i < input.models.length; i++) await this.quota.release(input.userId);
      throw err;
    }
    const turns = input.userContent === null ? history : [...history, { role: 'user' as const, content: input.userContent }];
    const { siblingIds } = stored;
    const userMessage = stored.userMessage ? toMessage(stored.userMessage, siblingIds.get(stored.userMessage.parentId)) : null;
    const replyMessages = stored.replies.map((r) => toMessage(r, siblingIds.get(r.parentId)));

    // The models first; the events about the new messages go out while their requests are on the way.
    input.models.forEach((choice, i) => {
      this.generation.start({
        reply: stored.replies[i],
        userMessage: userMessage,
        replyMessage: replyMessages[i],
        userId: input.userId,
        audience: { userId: conversation.userId, spaceId: conversation.spaceId },
        provider: choice.provider,
        upstreamModel: choice.upstreamModel,
        prompt: buildPrompt({ systemPrompt, turns, contextLength: choice.model.contextLength }),
        pricing: { input: choice.model.pricingInput, output: choice.model.pricingOutput },
        fallbackModels: choice.fallbackModels,
      });
    });
    this.events.publishToConversation(stored.conversation, { type: 'conversation.updated', conversation: toConversation(stored.conversation) });
    for (const m of [userMessage, ...replyMessages]) {
      if (m) this.events.publishToConversation(conversation, { type: 'message.created', conversationId: conversation.id, messageId: m.id, role: m.role, parentId: m.parentId, status: m.status });
    }
    return ok({ userMessage: userMessage, replies: replyMessages });
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
}
