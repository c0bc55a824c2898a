import { Module } from '@nestjs/common';
import { MessagesRepository } from '../messages/messages.repository';
import { GenerationQuota } from './generation-quota';
import { GenerationService } from './generation.service';
import { ReplyHub } from './reply-hub';

/** Everything about replies in flight: jobs, their logs, and SSE delivery. */
@Module({
  providers: [ReplyHub, GenerationService, GenerationQuota, MessagesRepository],
  exports: [ReplyHub, GenerationService, GenerationQuota, MessagesRepository],
})
export class StreamingModule {}
