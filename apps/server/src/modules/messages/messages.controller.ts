import { Body, Controller, Get, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type EditMessageRequest,
  editMessageRequestSchema,
  idParamSchema,
  type ListMessagesQuery,
  listMessagesQuerySchema,
  type RegenerateRequest,
  regenerateRequestSchema,
  type SendMessageRequest,
  sendMessageRequestSchema,
  type SentMessages,
  type SwitchBranchRequest,
  switchBranchRequestSchema,
} from '@mana/contracts';
import { unwrap } from '../../common/errors';
import { ZodPipe } from '../../common/zod.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { GenerationService } from '../streaming/generation.service';
import { replayStoredReply } from '../streaming/replay';
import { ReplyHub } from '../streaming/reply-hub';
import { lastEventId, streamReply, wantsJson } from '../streaming/stream-response';
import { MessagesService, type Turn } from './messages.service';

const idParam = new ZodPipe(idParamSchema, 'path');

@Controller()
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly generation: GenerationService,
    private readonly replies: ReplyHub,
  ) {}

  @Get('conversations/:id/messages')
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Param(idParam) { id }: { id: string },
    @Query(new ZodPipe(listMessagesQuerySchema, 'query')) query: ListMessagesQuery,
  ) {
    return unwrap(await this.messages.list(user.id, id, query));
  }

  @Post('conversations/:id/messages')
  async send(
    @CurrentUser() user: AuthenticatedUser,
    @Param(idParam) { id }: { id: string },
    @Body(new ZodPipe(sendMessageRequestSchema, 'body')) body: SendMessageRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const turn = unwrap(await this.messages.send(user.id, id, body));
    this.answer(turn, request, reply, Boolean(body.modelIds));
  }

  @Post('messages/:id/regenerate')
  async regenerate(
    @CurrentUser() user: AuthenticatedUser,
    @Param(idParam) { id }: { id: string },
    @Body(new ZodPipe(regenerateRequestSchema, 'body')) body: RegenerateRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    this.answer(unwrap(await this.messages.regenerate(user.id, id, body)), request, reply);
  }

  @Post('messages/:id/edit')
  async edit(
    @CurrentUser() user: AuthenticatedUser,
    @Param(idParam) { id }: { id: string },
    @Body(new ZodPipe(editMessageRequestSchema, 'body')) body: EditMessageRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    this.answer(unwrap(await this.messages.edit(user.id, id, body)), request, reply);
  }

  @Post('messages/:id/stop')
  async stop(@CurrentUser() user: AuthenticatedUser, @Param(idParam) { id }: { id: string }) {
    return unwrap(await this.messages.stop(user.id, id));
  }

  @Get('messages/:id')
  async get(@CurrentUser() user: AuthenticatedUser, @Param(idParam) { id }: { id: string }) {
    return unwrap(await this.messages.get(user.id, id));
  }

  /** Attach to a reply: replays what was sent (after Last-Event-ID), then follows it live. */
  @Get('messages/:id/stream')
  async attach(
    @CurrentUser() user: AuthenticatedUser,
    @Param(idParam) { id }: { id: string },
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const message = unwrap(await this.messages.get(user.id, id));
    const log = (await this.replies.findAnywhere(id)) ?? replayStoredReply(message);
    streamReply(reply, log, lastEventId(request) + 1);
  }

  @Put('conversations/:id/branch')
  async switchBranch(
    @CurrentUser() user: AuthenticatedUser,
    @Param(idParam) { id }: { id: string },
    @Body(new ZodPipe(switchBranchRequestSchema, 'body')) body: SwitchBranchRequest,
  ) {
    return unwrap(await this.messages.switchBranch(user.id, id, body.leafId));
  }

  private answer(turn: Turn, request: FastifyRequest, reply: FastifyReply, alwaysJson = false) {
    if (alwaysJson || wantsJson(request)) {
      const body: SentMessages = { userMessage: turn.userMessage, assistantMessages: turn.replies };
      reply.status(201).send(body);
      return;
    }
    const log = this.generation.logOf(turn.replies[0].id);
    if (log) streamReply(reply, log);
  }
}
