import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  changeRoleRequestSchema,
  createSpaceRequestSchema,
  type CreateSpaceRequest,
  idParamSchema,
  inviteRequestSchema,
  type InviteRequest,
  memberParamSchema,
  respondRequestSchema,
  type SpaceRole,
  updateSpaceRequestSchema,
  type UpdateSpaceRequest,
} from '@mana/contracts';
import { unwrap } from '../../common/errors';
import { ZodPipe } from '../../common/zod.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { SpacesService } from './spaces.service';

const idParam = new ZodPipe(idParamSchema, 'path');
const memberParam = new ZodPipe(memberParamSchema, 'path');

@Controller('spaces')
export class SpacesController {
  constructor(private readonly spaces: SpacesService) {}

  @Post()
  async create(@CurrentUser() user: AuthenticatedUser, @Body(new ZodPipe(createSpaceRequestSchema, 'body')) body: CreateSpaceRequest) {
    return unwrap(await this.spaces.create(user.id, body));
  }

  @Get()
  async list(@CurrentUser() user: AuthenticatedUser) {
    return unwrap(await this.spaces.list(user.id));
  }

  @Get('invitations')
  async invitations(@CurrentUser() user: AuthenticatedUser) {
    return unwrap(await this.spaces.invitations(user.id));
  }

  @Get(':id')
  async get(@CurrentUser() user: AuthenticatedUser, @Param(idParam) { id }: { id: string }) {
    return unwrap(await this.spaces.get(user.id, id));
  }

  @Patch(':id')
  async update(@CurrentUser() user: AuthenticatedUser, @Param(idParam) { id }: { id: string }, @Body(new ZodPipe(updateSpaceRequestSchema, 'body')) body: UpdateSpaceRequest) {
    return unwrap(await this.spaces.update(user.id, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentUser() user: AuthenticatedUser, @Param(idParam) { id }: { id: string }) {
    unwrap(await this.spaces.remove(user.id, id));
  }

  @Post(':id/invite')
  @HttpCode(202)
  async invite(@CurrentUser() user: AuthenticatedUser, @Param(idParam) { id }: { id: string }, @Body(new ZodPipe(inviteRequestSchema, 'body')) body: InviteRequest) {
    return unwrap(await this.spaces.invite(user.id, id, body));
  }

  @Post(':id/respond')
  @HttpCode(200)
  async respond(@CurrentUser() user: AuthenticatedUser, @Param(idParam) { id }: { id: string }, @Body(new ZodPipe(respondRequestSchema, 'body')) body: { accept: boolean }) {
    return unwrap(await this.spaces.respond(user.id, id, body.accept));
  }

  @Get(':id/members')
  async members(@CurrentUser() user: AuthenticatedUser, @Param(idParam) { id }: { id: string }) {
    return unwrap(await this.spaces.members(user.id, id));
  }

  @Patch(':id/members/:userId')
  @HttpCode(204)
  async changeRole(
    @CurrentUser() user: AuthenticatedUser,
    @Param(memberParam) params: { id: string; userId: string },
    @Body(new ZodPipe(changeRoleRequestSchema, 'body')) body: { role: SpaceRole },
  ) {
    unwrap(await this.spaces.changeRole(user.id, params.id, params.userId, body.role));
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  async removeMember(@CurrentUser() user: AuthenticatedUser, @Param(memberParam) params: { id: string; userId: string }) {
    unwrap(await this.spaces.removeMember(user.id, params.id, params.userId));
  }

  /** Leave a space: the same as removing yourself. */
  @Post(':id/leave')
  @HttpCode(204)
  async leave(@CurrentUser() user: AuthenticatedUser, @Param(idParam) { id }: { id: string }) {
    unwrap(await this.spaces.removeMember(user.id, id, user.id));
  }
}
