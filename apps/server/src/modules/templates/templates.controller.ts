import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  type CreateTemplateRequest,
  createTemplateRequestSchema,
  idParamSchema,
  type UpdateTemplateRequest,
  updateTemplateRequestSchema,
} from '@mana/contracts';
import { unwrap } from '../../common/errors';
import { ZodPipe } from '../../common/zod.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { TemplatesService } from './templates.service';

const idParam = new ZodPipe(idParamSchema, 'path');

@Controller('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  async list(@CurrentUser() user: AuthenticatedUser) {
    return unwrap(await this.templates.list(user.id));
  }

  @Post()
  async create(@CurrentUser() user: AuthenticatedUser, @Body(new ZodPipe(createTemplateRequestSchema, 'body')) body: CreateTemplateRequest) {
    return unwrap(await this.templates.create(user.id, body));
  }

  @Get(':id')
  async get(@CurrentUser() user: AuthenticatedUser, @Param(idParam) { id }: { id: string }) {
    return unwrap(await this.templates.get(user.id, id));
  }

  @Patch(':id')
  async update(
    @CurrentUser() user: AuthenticatedUser,
    @Param(idParam) { id }: { id: string },
    @Body(new ZodPipe(updateTemplateRequestSchema, 'body')) body: UpdateTemplateRequest,
  ) {
    return unwrap(await this.templates.update(user.id, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentUser() user: AuthenticatedUser, @Param(idParam) { id }: { id: string }) {
    unwrap(await this.templates.remove(user.id, id));
  }
}
