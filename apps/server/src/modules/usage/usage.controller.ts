import { Controller, Get, Header, Query } from '@nestjs/common';
import { type UsageQuery, usageQuerySchema } from '@mana/contracts';
import { unwrap } from '../../common/errors';
import { ZodPipe } from '../../common/zod.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { UsageService } from './usage.service';

@Controller('usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  async summary(@CurrentUser() user: AuthenticatedUser, @Query(new ZodPipe(usageQuerySchema, 'query')) query: UsageQuery) {
    return unwrap(await this.usage.summary(user.id, query));
  }

  @Get('export.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="mana-chat-usage.csv"')
  async csv(@CurrentUser() user: AuthenticatedUser, @Query(new ZodPipe(usageQuerySchema, 'query')) query: UsageQuery) {
    return unwrap(await this.usage.csv(user.id, query));
  }
}
