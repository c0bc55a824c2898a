import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  type CreateConversationRequest,
  createConversationRequestSchema,
  idParamSchema,
  type ListConversationsQuery,
  listConversationsQuerySchema,
  type UpdateConversationRequest,
  updateConversationRequestSchema,
} from '@mana/contracts';
import { unwrap } from '../../common/errors';
import { ZodPipe } from '../../common/zod.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ConversationsService } from './conversations.service';

const idParam = new ZodPipe(idParamSchema, 'path');

@Controller('conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get()
  async list(@CurrentUser() user: AuthenticatedUser, @Query(new ZodPipe(listConversationsQuerySchema, 'query')) query: ListConversationsQuery) {
    return unwrap(await this.conversations.list(user.id, query));
  }

  @Post()
  async create(@CurrentUser() user: AuthenticatedUser, @Body(new ZodPipe(createConversationRequestSchema, 'body')) body: CreateConversationRequest) {
    return unwrap(await this.conversations.create(user.id, body));
  }

  @Get(':id')
  async get(@CurrentUser() user: AuthenticatedUser, @Param(idParam) { id }: { id: string }) {
    return unwrap(await this.conversations.get(user.id, id));
  }

  @Patch(':id')
  async update(
    @CurrentUser() user: AuthenticatedUser,
    @Param(idParam) { id }: { id: string },
    @Body(new ZodPipe(updateConversationRequestSchema, 'body')) body: UpdateConversationRequest,
  ) {
    return unwrap(await this.conversations.update(user.id, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentUser() user: AuthenticatedUser, @Param(idParam) { id }: { id: string }) {
    unwrap(await this.conversations.remove(user.id, id));
  }
}
