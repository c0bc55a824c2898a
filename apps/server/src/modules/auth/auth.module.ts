import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DATABASE, type Database } from '../../db/database';
import { REDIS } from '../../infra/redis';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { MailModule } from '../mail/mail.module';
import { AccessTokens } from './access-tokens';
import { AccountAccess } from './account-access';
import { AdminPolicy } from './admin-policy';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { createLoginLimits, LOGIN_LIMITS } from './login-limits';
import { PasswordResetRepository } from './password-reset.repository';
import { PasswordResetService } from './password-reset.service';
import { loadOrCreateSigningKeys } from './signing-keys';

@Module({
  imports: [ApiKeysModule, MailModule],
  controllers: [AuthController],
  providers: [
    AuthRepository,
    AdminPolicy,
    AuthService,
    AuthGuard,
    AccountAccess,
    PasswordResetRepository,
    PasswordResetService,
    {
      provide: AccessTokens,
      inject: [DATABASE, APP_CONFIG],
      useFactory: async (db: Database, config: AppConfig) => {
        const { active, publicJwks } = await loadOrCreateSigningKeys(db);
        const external =
          config.AUTH_JWKS_URL && config.AUTH_ISSUER ? { jwksUrl: config.AUTH_JWKS_URL, issuer: config.AUTH_ISSUER } : null;
        return new AccessTokens(active, publicJwks, config.ACCESS_TOKEN_TTL_S, external);
      },
    },
    {
      provide: LOGIN_LIMITS,
      inject: [APP_CONFIG, REDIS],
      useFactory: (config: AppConfig, redis: Redis | null) => createLoginLimits(config, redis),
    },
  ],
  exports: [AccessTokens, AuthGuard, AuthService, AdminPolicy, AuthRepository, AccountAccess, LOGIN_LIMITS],
})
export class AuthModule {}
