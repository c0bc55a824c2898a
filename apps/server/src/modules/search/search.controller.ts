import { Controller, Get, Query } from '@nestjs/common';
import { type SearchQuery, searchQuerySchema } from '@mana/contracts';
import { unwrap } from '../../common/errors';
import { ZodPipe } from '../../common/zod.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { SearchService } from './search.service';

@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  async find(@CurrentUser() user: AuthenticatedUser, @Query(new ZodPipe(searchQuerySchema, 'query')) query: SearchQuery) {
    return unwrap(await this.search.search(user.id, query));
  }
}
