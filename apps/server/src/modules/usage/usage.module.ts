import { Module } from '@nestjs/common';
import { UsageController } from './usage.controller';
import { UsageLog } from './usage-log';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';

@Module({
  controllers: [UsageController],
  providers: [UsageRepository, UsageLog, UsageService],
  exports: [UsageRepository, UsageLog],
})
export class UsageModule {}
