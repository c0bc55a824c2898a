import { Module } from '@nestjs/common';
import { SpendLimitsModule } from '../account/spend-limits.module';
import { ModelsModule } from '../models/models.module';
import { StreamingModule } from '../streaming/streaming.module';
import { UsageModule } from '../usage/usage.module';
import { OpenAiApiController } from './openai-api.controller';
import { OpenAiApiService } from './openai-api.service';

@Module({ imports: [ModelsModule, UsageModule, SpendLimitsModule, StreamingModule], controllers: [OpenAiApiController], providers: [OpenAiApiService] })
export class OpenAiApiModule {}
