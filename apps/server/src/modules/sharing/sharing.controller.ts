import { Controller, Delete, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { idParamSchema, shareParamSchema } from '@mana/contracts';
import { unwrap } from '../../common/errors';
import { ZodPipe } from '../../common/zod.pipe';
import { type AuthenticatedUser, CurrentUser, Public } from '../auth/auth.decorators';
import { SharingService } from './sharing.service';

@Controller()
export class SharingController {
  constructor(private readonly sharing: SharingService) {}

  @Post('conversations/:id/share')
  async create(@CurrentUser() user: AuthenticatedUser, @Param(new ZodPipe(idParamSchema, 'path')) { id }: { id: string }) {
    return unwrap(await this.sharing.create(user.id, id));
  }

  @Get('conversations/:id/shares')
  async list(@CurrentUser() user: AuthenticatedUser, @Param(new ZodPipe(idParamSchema, 'path')) { id }: { id: string }) {
    return unwrap(await this.sharing.list(user.id, id));
  }

  /** No account needed: whoever has the link reads the snapshot. */
  @Public()
  @Get('shares/:id')
  @Header('cache-control', 'no-store')
  @Header('x-robots-tag', 'noindex')
  async view(@Param(new ZodPipe(shareParamSchema, 'path')) { id }: { id: string }) {
    return unwrap(await this.sharing.view(id));
  }

  @Delete('shares/:id')
  @HttpCode(204)
  async revoke(@CurrentUser() user: AuthenticatedUser, @Param(new ZodPipe(shareParamSchema, 'path')) { id }: { id: string }) {
    unwrap(await this.sharing.revoke(user.id, id));
  }
}
