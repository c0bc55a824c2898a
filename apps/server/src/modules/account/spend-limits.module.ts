import { Module } from '@nestjs/common';
import { SpendLimits } from './spend-limits';
import { SpendRepository } from './spend.repository';

/** Monthly spending limits, for the paths that start a generation (chat and the OpenAI-compatible API). */
@Module({ providers: [SpendRepository, SpendLimits], exports: [SpendRepository, SpendLimits] })
export class SpendLimitsModule {}
