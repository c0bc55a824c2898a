import { Body, Controller, Get, Param, Patch, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type AdminModelsQuery,
  adminModelsQuerySchema,
  type AdminUsersQuery,
  adminUsersQuerySchema,
  modelIdParamSchema,
  type UpdateAdminModelRequest,
  updateAdminModelRequestSchema,
  type UpdateAdminUserRequest,
  updateAdminUserRequestSchema,
  type UsageQuery,
  usageQuerySchema,
  userIdParamSchema,
} from '@mana/contracts';
import { unwrap } from '../../common/errors';
import { ZodPipe } from '../../common/zod.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { SseConnection } from '../streaming/sse-connection';
import { wantsJson } from '../streaming/stream-response';
import { AdminGuard } from './admin.guard';
import { AdminService } from './admin.service';

const noop = () => undefined;

@Controller('admin')
@UseGuards(AdminGuard)
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('models')
  async models(@Query(new ZodPipe(adminModelsQuerySchema, 'query')) query: AdminModelsQuery) {
    return unwrap(await this.admin.listModels(query));
  }

  @Patch('models/:id')
  async updateModel(
    @CurrentUser() user: AuthenticatedUser,
    @Param(new ZodPipe(modelIdParamSchema, 'path')) { id }: { id: string },
    @Body(new ZodPipe(updateAdminModelRequestSchema, 'body')) body: UpdateAdminModelRequest,
  ) {
    return unwrap(await this.admin.updateModel(user, id, body));
  }

  /**
   * Streams the sync's progress as Server-Sent Events; with `Accept: application/json`, answers the
   * final result once it is over. Leaving early does not stop the sync.
   */
  @Post('models/sync')
  async syncModels(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (wantsJson(request)) {
      reply.status(200).send(await this.admin.syncModels(noop));
      return;
    }
    const connection = new SseConnection(reply);
    await this.admin.syncModels((event) => connection.write(`data: ${JSON.stringify(event)}\n\n`, noop));
    connection.end();
  }

  @Get('users')
  async users(@Query(new ZodPipe(adminUsersQuerySchema, 'query')) query: AdminUsersQuery) {
    return unwrap(await this.admin.listUsers(query));
  }

  @Get('users/:id')
  async user(@Param(new ZodPipe(userIdParamSchema, 'path')) { id }: { id: string }) {
    return unwrap(await this.admin.getUser(id));
  }

  @Patch('users/:id')
  async updateUser(
    @CurrentUser() user: AuthenticatedUser,
    @Param(new ZodPipe(userIdParamSchema, 'path')) { id }: { id: string },
    @Body(new ZodPipe(updateAdminUserRequestSchema, 'body')) body: UpdateAdminUserRequest,
  ) {
    return unwrap(await this.admin.updateUser(user, id, body));
  }

  @Get('usage')
  async usage(@Query(new ZodPipe(usageQuerySchema, 'query')) query: UsageQuery) {
    return unwrap(await this.admin.usage(query));
  }
}
