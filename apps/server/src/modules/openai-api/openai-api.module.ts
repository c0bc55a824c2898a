import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { UsageModule } from '../usage/usage.module';
import { OpenAiApiController } from './openai-api.controller';
import { OpenAiApiService } from './openai-api.service';

@Module({ imports: [ModelsModule, UsageModule], controllers: [OpenAiApiController], providers: [OpenAiApiService] })
export class OpenAiApiModule {}
