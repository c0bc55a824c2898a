import { Body, Controller, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { documentDiffQuerySchema, idParamSchema, saveDocumentRequestSchema, versionParamSchema } from '@mana/contracts';
import { unwrap } from '../../common/errors';
import { ZodPipe } from '../../common/zod.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ConversationsService } from '../conversations/conversations.service';
import { DocumentsService } from './documents.service';

const idParam = new ZodPipe(idParamSchema, 'path');
const versionParam = new ZodPipe(versionParamSchema, 'path');

/** A document conversation's versions: reading needs read access, changing needs write access. */
@Controller('conversations/:id/document')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly conversations: ConversationsService,
  ) {}

  @Get()
  async latest(@CurrentUser() user: AuthenticatedUser, @Param(idParam) { id }: { id: string }) {
    unwrap(await this.conversations.readable(user.id, id));
    return unwrap(await this.documents.latest(id));
  }

  @Put()
  async save(@CurrentUser() user: AuthenticatedUser, @Param(idParam) { id }: { id: string }, @Body(new ZodPipe(saveDocumentRequestSchema, 'body')) body: { content: string }) {
    unwrap(await this.conversations.writable(user.id, id));
    return unwrap(await this.documents.save(id, body.content));
  }

  @Get('versions')
  async versions(@CurrentUser() user: AuthenticatedUser, @Param(idParam) { id }: { id: string }) {
    unwrap(await this.conversations.readable(user.id, id));
    return unwrap(await this.documents.versions(id));
  }

  @Get('diff')
  async diff(
    @CurrentUser() user: AuthenticatedUser,
    @Param(idParam) { id }: { id: string },
    @Query(new ZodPipe(documentDiffQuerySchema, 'query')) query: { from: number; to: number },
  ) {
    unwrap(await this.conversations.readable(user.id, id));
    return unwrap(await this.documents.diff(id, query.from, query.to));
  }

  @Get('export.md')
  async exportMarkdown(@CurrentUser() user: AuthenticatedUser, @Param(idParam) { id }: { id: string }, @Res() reply: FastifyReply) {
    const { conversation } = unwrap(await this.conversations.readable(user.id, id));
    const latest = unwrap(await this.documents.latest(id));
    const name = conversation.title.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'document';
    reply.header('content-type', 'text/markdown; charset=utf-8').header('content-disposition', `attachment; filename="${name}.md"`).send(latest.content);
  }

  @Get('versions/:version')
  async version(@CurrentUser() user: AuthenticatedUser, @Param(versionParam) params: { id: string; version: number }) {
    unwrap(await this.conversations.readable(user.id, params.id));
    return unwrap(await this.documents.version(params.id, params.version));
  }

  @Post('versions/:version/restore')
  async restore(@CurrentUser() user: AuthenticatedUser, @Param(versionParam) params: { id: string; version: number }) {
    unwrap(await this.conversations.writable(user.id, params.id));
    return unwrap(await this.documents.restore(params.id, params.version));
  }
}
