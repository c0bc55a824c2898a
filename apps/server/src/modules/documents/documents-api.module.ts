import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { DocumentsController } from './documents.controller';
import { DocumentsModule } from './documents.module';

/** The document routes: they need conversation access checks, which need DocumentsModule's prompt rules. */
@Module({ imports: [ConversationsModule, DocumentsModule], controllers: [DocumentsController] })
export class DocumentsApiModule {}
