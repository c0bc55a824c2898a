import { Injectable } from '@nestjs/common';
import {
  type Conversation,
  type ConversationPage,
  type CreateConversationRequest,
  fail,
  type ListConversationsQuery,
  ok,
  type Result,
  type UpdateConversationRequest,
} from '@mana/contracts';
import { EventBus } from '../events/event-bus';
import { ModelsService } from '../models/models.service';
import { TemplatesRepository } from '../templates/templates.repository';
import { DEFAULT_TITLE, toConversation } from './conversation.mapper';
import { type ConversationRow, ConversationsRepository } from './conversations.repository';

const NOT_FOUND = 'Conversation not found';

@Injectable()
export class ConversationsService {
  constructor(
    private readonly repository: ConversationsRepository,
    private readonly models: ModelsService,
    private readonly templates: TemplatesRepository,
    private readonly events: EventBus,
  ) {}

  async create(userId: string, input: CreateConversationRequest): Promise<Result<Conversation>> {
    let systemPrompt = input.systemPrompt ?? null;
    let modelId = input.modelId;
    if (input.templateId) {
      const template = await this.templates.findTemplate({ id: input.templateId, userId });
      if (!template) return fail('NOT_FOUND', 'Template not found');
      systemPrompt = input.systemPrompt ?? template.systemPrompt;
      modelId ??= template.modelId ?? undefined;
    }
    if (input.spaceId) return fail('NOT_FOUND', 'Space not found');
    const model = modelId ? await this.models.findActive(modelId) : await this.models.defaultModel();
    if (!model) return fail('MODEL_UNAVAILABLE', `Model "${modelId}" is not available`);
    const row = await this.repository.createConversation({
      userId,
      title: input.title ?? DEFAULT_TITLE,
      modelId: model.id,
      systemPrompt,
      templateId: input.templateId ?? null,
    });
    const conversation = toConversation(row);
    this.events.publish(userId, { type: 'conversation.created', conversation });
    return ok(conversation);
  }

  async list(userId: string, query: ListConversationsQuery): Promise<Result<ConversationPage>> {
    const { rows, total } = await this.repository.listConversations({ userId, ...query });
    return ok({ items: rows.map(toConversation), total, limit: query.limit, offset: query.offset });
  }

  async get(userId: string, id: string): Promise<Result<Conversation>> {
    const row = await this.repository.findConversation({ id, userId });
    return row ? ok(toConversation(row)) : fail('NOT_FOUND', NOT_FOUND);
  }

  /** The row itself, for other services of the chat (messages, generation). */
  async findOwned(userId: string, id: string): Promise<Result<ConversationRow>> {
    const row = await this.repository.findConversation({ id, userId });
    return row ? ok(row) : fail('NOT_FOUND', NOT_FOUND);
  }

  async update(userId: string, id: string, input: UpdateConversationRequest): Promise<Result<Conversation>> {
    if (input.modelId && !(await this.models.findActive(input.modelId))) {
      return fail('MODEL_UNAVAILABLE', `Model "${input.modelId}" is not available`);
    }
    const row = await this.repository.updateConversation({ id, userId, fields: input });
    if (!row) return fail('NOT_FOUND', NOT_FOUND);
    const conversation = toConversation(row);
    this.events.publish(userId, { type: 'conversation.updated', conversation });
    return ok(conversation);
  }

  async remove(userId: string, id: string): Promise<Result<void>> {
    if (!(await this.repository.deleteConversation({ id, userId }))) return fail('NOT_FOUND', NOT_FOUND);
    this.events.publish(userId, { type: 'conversation.deleted', conversationId: id });
    return ok(undefined);
  }
}
