import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { createApiKeyRequestSchema, idParamSchema } from '@mana/contracts';
import { unwrap } from '../../common/errors';
import { ZodPipe } from '../../common/zod.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ApiKeysService } from './api-keys.service';

@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  async list(@CurrentUser() user: AuthenticatedUser) {
    return unwrap(await this.apiKeys.list(user.id));
  }

  @Post()
  async create(@CurrentUser() user: AuthenticatedUser, @Body(new ZodPipe(createApiKeyRequestSchema, 'body')) body: { name: string }) {
    return unwrap(await this.apiKeys.create(user.id, body.name));
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@CurrentUser() user: AuthenticatedUser, @Param(new ZodPipe(idParamSchema, 'path')) params: { id: string }) {
    unwrap(await this.apiKeys.revoke(user.id, params.id));
  }
}
