import { Module } from '@nestjs/common';
import { SpendLimitsModule } from '../account/spend-limits.module';
import { DocumentsModule } from '../documents/documents.module';
import { MessagesController } from '../messages/messages.controller';
import { MessagesService } from '../messages/messages.service';
import { ModelsModule } from '../models/models.module';
import { SpacesModule } from '../spaces/spaces.module';
import { StreamingModule } from '../streaming/streaming.module';
import { TemplatesModule } from '../templates/templates.module';
import { ConversationTitles } from './conversation-titles';
import { ConversationsController } from './conversations.controller';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';

/** Conversations and their messages: the heart of the chat. */
@Module({
  imports: [ModelsModule, TemplatesModule, StreamingModule, SpacesModule, DocumentsModule, SpendLimitsModule],
  controllers: [ConversationsController, MessagesController],
  providers: [ConversationsRepository, ConversationsService, MessagesService, ConversationTitles],
  exports: [ConversationsRepository, ConversationsService, MessagesService],
})
export class ConversationsModule {}
