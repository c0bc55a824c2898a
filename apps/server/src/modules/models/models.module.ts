import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ProviderRegistry } from '../providers/provider-registry';
import { ModelsController } from './models.controller';
import { ModelsRepository } from './models.repository';
import { ModelsService } from './models.service';

@Module({
  imports: [AuthModule],
  controllers: [ModelsController],
  providers: [ModelsRepository, ModelsService, ProviderRegistry],
  exports: [ModelsService, ProviderRegistry],
})
export class ModelsModule {}
