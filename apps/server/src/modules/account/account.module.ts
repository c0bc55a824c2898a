import { Module } from '@nestjs/common';
import { ArchiveModule } from '../archive/archive.module';
import { AuthModule } from '../auth/auth.module';
import { StreamingModule } from '../streaming/streaming.module';
import { UsageModule } from '../usage/usage.module';
import { AccountDataRepository } from './account-data.repository';
import { AccountDeletionService } from './account-deletion.service';
import { AccountExportService } from './account-export.service';
import { AccountController } from './account.controller';
import { AccountRepository } from './account.repository';
import { AccountService } from './account.service';
import { SpendLimitsModule } from './spend-limits.module';

/** The signed-in person's own account: profile, sessions, export and deletion. */
@Module({
  imports: [AuthModule, SpendLimitsModule, StreamingModule, ArchiveModule, UsageModule],
  controllers: [AccountController],
  providers: [AccountRepository, AccountDataRepository, AccountService, AccountDeletionService, AccountExportService],
})
export class AccountModule {}
