import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CoreModule, type CoreResources } from './core.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { AuthGuard } from './modules/auth/auth.guard';
import { AuthModule } from './modules/auth/auth.module';
import { HealthController } from './modules/health/health.controller';

@Module({})
export class AppModule {
  static register(resources: CoreResources): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(resources), AuthModule, ApiKeysModule],
      controllers: [HealthController],
      providers: [{ provide: APP_GUARD, useExisting: AuthGuard }],
    };
  }
}
