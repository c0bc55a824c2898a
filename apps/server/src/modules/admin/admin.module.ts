import { Module } from '@nestjs/common';
import { SpendLimitsModule } from '../account/spend-limits.module';
import { AuthModule } from '../auth/auth.module';
import { ModelsModule } from '../models/models.module';
import { AdminController } from './admin.controller';
import { AdminGuard } from './admin.guard';
import { AdminRepository } from './admin.repository';
import { AdminService } from './admin.service';
import { ModelCatalogChanges } from './model-catalog-changes';

/** The admin API: models, users and usage of the whole instance (DESIGN: admins per ADMIN_EMAILS or the first account). */
@Module({
  imports: [AuthModule, ModelsModule, SpendLimitsModule],
  controllers: [AdminController],
  providers: [AdminRepository, AdminService, AdminGuard, ModelCatalogChanges],
})
export class AdminModule {}
