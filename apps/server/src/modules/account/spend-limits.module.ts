import { Module } from '@nestjs/common';
import { GenerationService } from '../streaming/generation.service';
import { StreamingModule } from '../streaming/streaming.module';
import { UsageModule } from '../usage/usage.module';
import { SpendLimits } from './spend-limits';
import { SpendRepository } from './spend.repository';

/** Monthly spending limits, for the paths that start a generation (chat and the OpenAI-compatible API). */
@Module({
  imports: [UsageModule, StreamingModule],
  providers: [SpendRepository, SpendLimits],
  exports: [SpendRepository, SpendLimits],
})
export class SpendLimitsModule {
  constructor(limits: SpendLimits, generation: GenerationService) {
    // A chat reply's usage row is written with the reply: the spend counts from the next check.
    generation.onReplyFinished((_reply, input) => limits.stored([input.userId], { countedHere: false }));
  }
}
