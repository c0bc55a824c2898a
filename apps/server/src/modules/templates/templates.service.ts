import { Injectable } from '@nestjs/common';
import {
  type CreateTemplateRequest,
  fail,
  ok,
  type Result,
  type Template,
  type UpdateTemplateRequest,
} from '@mana/contracts';
import { ModelsService } from '../models/models.service';
import { type TemplateRow, TemplatesRepository } from './templates.repository';

export const toTemplate = (row: TemplateRow): Template => ({
  id: row.id,
  name: row.name,
  description: row.description,
  systemPrompt: row.systemPrompt,
  initialQuestion: row.initialQuestion,
  modelId: row.modelId,
  color: row.color,
  isDefault: row.isDefault,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** System-prompt presets a conversation can start from. */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly repository: TemplatesRepository,
    private readonly models: ModelsService,
  ) {}

  async list(userId: string): Promise<Result<{ items: Template[] }>> {
    return ok({ items: (await this.repository.listTemplates({ userId })).map(toTemplate) });
  }

  async get(userId: string, id: string): Promise<Result<Template>> {
    const row = await this.repository.findTemplate({ id, userId });
    return row ? ok(toTemplate(row)) : fail('NOT_FOUND', 'Template not found');
  }

  async create(userId: string, input: CreateTemplateRequest): Promise<Result<Template>> {
    const invalid = await this.checkModel(input.modelId);
    if (invalid) return invalid;
    const row = await this.repository.saveTemplate({ userId, fields: input });
    return ok(toTemplate(row!));
  }

  async update(userId: string, id: string, input: UpdateTemplateRequest): Promise<Result<Template>> {
    const invalid = await this.checkModel(input.modelId);
    if (invalid) return invalid;
    const row = await this.repository.saveTemplate({ id, userId, fields: input });
    return row ? ok(toTemplate(row)) : fail('NOT_FOUND', 'Template not found');
  }

  async remove(userId: string, id: string): Promise<Result<void>> {
    return (await this.repository.deleteTemplate({ id, userId })) ? ok(undefined) : fail('NOT_FOUND', 'Template not found');
  }

  private async checkModel(modelId: string | null | undefined) {
    if (modelId && !(await this.models.findActive(modelId))) {
      return fail('MODEL_UNAVAILABLE', `Model "${modelId}" is not available`);
    }
    return null;
  }
}
