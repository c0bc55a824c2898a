import { Module } from '@nestjs/common';
import { MessagesRepository } from '../messages/messages.repository';
import { GenerationService } from './generation.service';
import { ReplyHub } from './reply-hub';

/** Everything about replies in flight: jobs, their logs, and SSE delivery. */
@Module({
  providers: [ReplyHub, GenerationService, MessagesRepository],
  exports: [ReplyHub, GenerationService, MessagesRepository],
})
export class StreamingModule {}
