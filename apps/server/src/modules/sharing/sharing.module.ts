import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { StreamingModule } from '../streaming/streaming.module';
import { SharingController } from './sharing.controller';
import { SharingRepository } from './sharing.repository';
import { SharingService } from './sharing.service';

@Module({ imports: [ConversationsModule, StreamingModule], controllers: [SharingController], providers: [SharingRepository, SharingService] })
export class SharingModule {}
