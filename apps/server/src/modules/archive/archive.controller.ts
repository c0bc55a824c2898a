import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { exportQuerySchema, idParamSchema } from '@mana/contracts';
import { unwrap } from '../../common/errors';
import { ZodPipe } from '../../common/zod.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ArchiveService } from './archive.service';

const exportQuery = new ZodPipe(exportQuerySchema, 'query');

@Controller('conversations')
export class ArchiveController {
  constructor(private readonly archive: ArchiveService) {}

  @Get('export')
  async exportAll(@CurrentUser() user: AuthenticatedUser, @Query(exportQuery) query: { format: 'json' | 'md' }, @Res() reply: FastifyReply) {
    await this.send(reply, user.id, query.format, undefined, 'mana-chat-conversations');
  }

  @Get(':id/export')
  async exportOne(
    @CurrentUser() user: AuthenticatedUser,
    @Param(new ZodPipe(idParamSchema, 'path')) { id }: { id: string },
    @Query(exportQuery) query: { format: 'json' | 'md' },
    @Res() reply: FastifyReply,
  ) {
    await this.send(reply, user.id, query.format, id, `conversation-${id.slice(0, 8)}`);
  }

  @Post('import')
  async import(@CurrentUser() user: AuthenticatedUser, @Body() body: unknown) {
    return unwrap(await this.archive.import(user.id, body));
  }

  private async send(reply: FastifyReply, userId: string, format: 'json' | 'md', id: string | undefined, name: string) {
    const body = format === 'md' ? unwrap(await this.archive.exportMarkdown(userId, id)) : JSON.stringify(unwrap(await this.archive.exportJson(userId, id)), null, 2);
    reply
      .header('content-type', format === 'md' ? 'text/markdown; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.${format}"`)
      .send(body);
  }
}
