import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { AppError } from '@mana/contracts';
import { unwrap } from '../../common/errors';
import { AdminPolicy } from '../auth/admin-policy';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ModelsService } from './models.service';

@Controller('chat/models')
export class ModelsController {
  constructor(
    private readonly models: ModelsService,
    private readonly admins: AdminPolicy,
  ) {}

  @Get()
  async list() {
    return unwrap(await this.models.list());
  }

  @Post('sync')
  @HttpCode(200)
  async sync(@CurrentUser() user: AuthenticatedUser) {
    if (!(await this.admins.isAdmin(user))) throw new AppError('NOT_FOUND', 'Route not found');
    return { results: await this.models.syncAll() };
  }
}
