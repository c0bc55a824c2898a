import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  type ChangeEmailRequest,
  changeEmailRequestSchema,
  type ChangePasswordRequest,
  changePasswordRequestSchema,
  type DeleteAccountRequest,
  deleteAccountRequestSchema,
  idParamSchema,
  type UpdateProfileRequest,
  updateProfileRequestSchema,
} from '@mana/contracts';
import { unwrap } from '../../common/errors';
import { ZodPipe } from '../../common/zod.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { AccountDeletionService } from './account-deletion.service';
import { AccountExportService } from './account-export.service';
import { AccountService } from './account.service';

@Controller('account')
export class AccountController {
  constructor(
    private readonly account: AccountService,
    private readonly deletion: AccountDeletionService,
    private readonly exports: AccountExportService,
  ) {}

  @Get()
  async profile(@CurrentUser() user: AuthenticatedUser) {
    return unwrap(await this.account.profile(user));
  }

  @Patch()
  async updateProfile(@CurrentUser() user: AuthenticatedUser, @Body(new ZodPipe(updateProfileRequestSchema, 'body')) body: UpdateProfileRequest) {
    return unwrap(await this.account.updateProfile(user, body));
  }

  @Put('email')
  async changeEmail(@CurrentUser() user: AuthenticatedUser, @Body(new ZodPipe(changeEmailRequestSchema, 'body')) body: ChangeEmailRequest) {
    return unwrap(await this.account.changeEmail(user, body));
  }

  @Put('password')
  @HttpCode(204)
  async changePassword(@CurrentUser() user: AuthenticatedUser, @Body(new ZodPipe(changePasswordRequestSchema, 'body')) body: ChangePasswordRequest) {
    unwrap(await this.account.changePassword(user, body));
  }

  @Get('sessions')
  async sessions(@CurrentUser() user: AuthenticatedUser) {
    return unwrap(await this.account.sessions(user));
  }

  @Post('sessions/revoke-others')
  @HttpCode(200)
  async revokeOtherSessions(@CurrentUser() user: AuthenticatedUser) {
    return unwrap(await this.account.revokeOtherSessions(user));
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  async revokeSession(@CurrentUser() user: AuthenticatedUser, @Param(new ZodPipe(idParamSchema, 'path')) { id }: { id: string }) {
    unwrap(await this.account.revokeSession(user, id));
  }

  @Get('export')
  async export(@CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) reply: FastifyReply) {
    const data = unwrap(await this.exports.export(user));
    reply.header('content-type', 'application/json; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="mana-chat-export-${data.exportedAt.slice(0, 10)}.json"`);
    reply.header('cache-control', 'no-store');
    return data;
  }

  @Get('deletion')
  async deletionPreview(@CurrentUser() user: AuthenticatedUser) {
    return unwrap(await this.deletion.preview(user));
  }

  @Post('delete')
  @HttpCode(204)
  async delete(@CurrentUser() user: AuthenticatedUser, @Body(new ZodPipe(deleteAccountRequestSchema, 'body')) body: DeleteAccountRequest) {
    unwrap(await this.deletion.delete(user, body));
  }
}
