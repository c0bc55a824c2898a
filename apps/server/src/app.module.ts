import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CoreModule, type CoreResources } from './core.module';
import { AccountModule } from './modules/account/account.module';
import { AdminModule } from './modules/admin/admin.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { AuthGuard } from './modules/auth/auth.guard';
import { AuthModule } from './modules/auth/auth.module';
import { ConversationListsModule } from './modules/conversations/conversation-lists.module';
import { ConversationsModule } from './modules/conversations/conversations.module';
import { EventsModule } from './modules/events/events.module';
import { HealthController } from './modules/health/health.controller';
import { ModelsModule } from './modules/models/models.module';
import { OpenAiApiModule } from './modules/openai-api/openai-api.module';
import { SearchModule } from './modules/search/search.module';
import { ArchiveModule } from './modules/archive/archive.module';
import { DocumentsApiModule } from './modules/documents/documents-api.module';
import { SharingModule } from './modules/sharing/sharing.module';
import { SpacesModule } from './modules/spaces/spaces.module';
import { TemplatesModule } from './modules/templates/templates.module';
import { UsageModule } from './modules/usage/usage.module';

@Module({})
export class AppModule {
  static register(resources: CoreResources): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(resources), EventsModule, ConversationListsModule, AuthModule, ApiKeysModule, ModelsModule, TemplatesModule, ConversationsModule, UsageModule, SearchModule, OpenAiApiModule, SpacesModule, DocumentsApiModule, SharingModule, ArchiveModule, AccountModule, AdminModule],
      controllers: [HealthController],
      providers: [{ provide: APP_GUARD, useExisting: AuthGuard }],
    };
  }
}
