import { Injectable } from '@nestjs/common';
import {
  type Conversation,
  type ConversationPage,
  type CreateConversationRequest,
  fail,
  type ListConversationsQuery,
  ok,
  type Result,
  type SpaceRole,
  type UpdateConversationRequest,
} from '@mana/contracts';
import { EventBus } from '../events/event-bus';
import { ModelsService } from '../models/models.service';
import { canManageMembers, canWrite } from '../spaces/space-permissions';
import { SpacesRepository } from '../spaces/spaces.repository';
import { TemplatesRepository } from '../templates/templates.repository';
import { ConversationListCache, listKey } from './conversation-list-cache';
import { DEFAULT_TITLE, toConversation } from './conversation.mapper';
import { type ConversationRow, ConversationsRepository } from './conversations.repository';

const NOT_FOUND = 'Conversation not found';
const READ_ONLY = 'Viewers of a space can read its conversations but not change them';

export interface AccessibleConversation {
  conversation: ConversationRow;
  role: SpaceRole;
}

@Injectable()
export class ConversationsService {
  constructor(
    private readonly repository: ConversationsRepository,
    private readonly models: ModelsService,
    private readonly templates: TemplatesRepository,
    private readonly spaces: SpacesRepository,
    private readonly events: EventBus,
    private readonly lists: ConversationListCache,
  ) {}

  async create(userId: string, input: CreateConversationRequest): Promise<Result<Conversation>> {
    if (input.spaceId) {
      const role = await this.spaces.roleIn({ spaceId: input.spaceId, userId });
      if (!role) return fail('NOT_FOUND', 'Space not found');
      if (!canWrite(role)) return fail('FORBIDDEN', READ_ONLY);
    }
    let systemPrompt = input.systemPrompt ?? null;
    let modelId = input.modelId;
    if (input.templateId) {
      const template = await this.templates.findTemplate({ id: input.templateId, userId });
      if (!template) return fail('NOT_FOUND', 'Template not found');
      systemPrompt = input.systemPrompt ?? template.systemPrompt;
      modelId ??= template.modelId ?? undefined;
    }
    const model = modelId ? await this.models.findActive(modelId) : await this.models.defaultModel();
    if (!model) return fail('MODEL_UNAVAILABLE', `Model "${modelId}" is not available`);
    const row = await this.repository.createConversation({
      userId,
      spaceId: input.spaceId ?? null,
      title: input.title ?? DEFAULT_TITLE,
      modelId: model.id,
      systemPrompt,
      templateId: input.templateId ?? null,
      isDocument: input.isDocument ?? false,
    });
    const conversation = toConversation(row);
    this.events.publishToConversation(row, { type: 'conversation.created', conversation });
    return ok(conversation);
  }

  async list(userId: string, query: ListConversationsQuery): Promise<Result<ConversationPage>> {
    if (query.spaceId && !(await this.spaces.roleIn({ spaceId: query.spaceId, userId }))) return fail('NOT_FOUND', 'Space not found');
    const load = async (): Promise<ConversationPage> => {
      const { rows, total } = await this.repository.listConversations({ userId, ...query });
      return { items: rows.map(toConversation), total, limit: query.limit, offset: query.offset };
    };
    if (query.q) return ok(await load());
    const list = listKey({ userId, spaceId: query.spaceId ?? null });
    return ok(await this.lists.page(list, `${query.archived}:${query.limit}:${query.offset}`, load));
  }

  async get(userId: string, id: string): Promise<Result<Conversation>> {
    const found = await this.readable(userId, id);
    return found.ok ? ok(toConversation(found.value.conversation)) : found;
  }

  /** The conversation if the user may see it: their own, or one of a space they belong to. */
  async readable(userId: string, id: string): Promise<Result<AccessibleConversation>> {
    const found = await this.repository.findAccessible({ id, userId });
    return found ? ok(found) : fail('NOT_FOUND', NOT_FOUND);
  }

  /** The conversation if the user may also change it (anyone but a space's viewers). */
  async writable(userId: string, id: string): Promise<Result<AccessibleConversation>> {
    const found = await this.readable(userId, id);
    if (found.ok && !canWrite(found.value.role)) return fail('FORBIDDEN', READ_ONLY);
    return found;
  }

  async update(userId: string, id: string, input: UpdateConversationRequest): Promise<Result<Conversation>> {
    const found = await this.writable(userId, id);
    if (!found.ok) return found;
    if (input.modelId && !(await this.models.findActive(input.modelId))) {
      return fail('MODEL_UNAVAILABLE', `Model "${input.modelId}" is not available`);
    }
    const row = await this.repository.updateConversation({ id, fields: input });
    if (!row) return fail('NOT_FOUND', NOT_FOUND);
    const conversation = toConversation(row);
    this.events.publishToConversation(row, { type: 'conversation.updated', conversation });
    return ok(conversation);
  }

  /** Its creator may delete it; in a space, so may the space's admins and owner. */
  async remove(userId: string, id: string): Promise<Result<void>> {
    const found = await this.writable(userId, id);
    if (!found.ok) return found;
    const { conversation, role } = found.value;
    if (conversation.userId !== userId && !canManageMembers(role)) return fail('FORBIDDEN', 'Only its creator or a space admin can delete it');
    if (!(await this.repository.deleteConversation({ id }))) return fail('NOT_FOUND', NOT_FOUND);
    this.events.publishToConversation(conversation, { type: 'conversation.deleted', conversationId: id });
    return ok(undefined);
  }
}
