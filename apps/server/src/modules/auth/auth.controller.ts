import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  type LoginRequest,
  loginRequestSchema,
  type LogoutRequest,
  logoutRequestSchema,
  type RefreshRequest,
  refreshRequestSchema,
  type RegisterRequest,
  registerRequestSchema,
} from '@mana/contracts';
import { unwrap } from '../../common/errors';
import { ZodPipe } from '../../common/zod.pipe';
import { AccessTokens } from './access-tokens';
import { type AuthenticatedUser, CurrentUser, Public } from './auth.decorators';
import { AuthService } from './auth.service';

@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly accessTokens: AccessTokens,
  ) {}

  @Public()
  @Post('register')
  async register(@Body(new ZodPipe(registerRequestSchema, 'body')) body: RegisterRequest, @Req() req: FastifyRequest) {
    return unwrap(await this.auth.register(body, req.ip));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body(new ZodPipe(loginRequestSchema, 'body')) body: LoginRequest, @Req() req: FastifyRequest) {
    return unwrap(await this.auth.login(body, req.ip));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  async refresh(@Body(new ZodPipe(refreshRequestSchema, 'body')) body: RefreshRequest) {
    return unwrap(await this.auth.refresh(body.refreshToken));
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(@Body(new ZodPipe(logoutRequestSchema, 'body')) body: LogoutRequest) {
    unwrap(await this.auth.logout(body.refreshToken));
  }

  @Get('me')
  async me(@CurrentUser() user: AuthenticatedUser) {
    return unwrap(await this.auth.me(user.id, user.email));
  }

  @Public()
  @Get('jwks')
  jwks() {
    return this.accessTokens.jwks;
  }
}
