import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  type ForgotPasswordRequest,
  forgotPasswordRequestSchema,
  type LoginRequest,
  loginRequestSchema,
  type LogoutRequest,
  logoutRequestSchema,
  type RefreshRequest,
  refreshRequestSchema,
  type RegisterRequest,
  registerRequestSchema,
  type ResetPasswordRequest,
  resetPasswordRequestSchema,
} from '@mana/contracts';
import { unwrap } from '../../common/errors';
import { ZodPipe } from '../../common/zod.pipe';
import { AccessTokens } from './access-tokens';
import { type AuthenticatedUser, CurrentUser, Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { PasswordResetService } from './password-reset.service';
import { sessionClientOf } from './session-client';

@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly accessTokens: AccessTokens,
    private readonly passwordResets: PasswordResetService,
  ) {}

  @Public()
  @Post('register')
  async register(@Body(new ZodPipe(registerRequestSchema, 'body')) body: RegisterRequest, @Req() req: FastifyRequest) {
    return unwrap(await this.auth.register(body, sessionClientOf(req)));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body(new ZodPipe(loginRequestSchema, 'body')) body: LoginRequest, @Req() req: FastifyRequest) {
    return unwrap(await this.auth.login(body, sessionClientOf(req)));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  async refresh(@Body(new ZodPipe(refreshRequestSchema, 'body')) body: RefreshRequest, @Req() req: FastifyRequest) {
    return unwrap(await this.auth.refresh(body.refreshToken, sessionClientOf(req)));
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(@Body(new ZodPipe(logoutRequestSchema, 'body')) body: LogoutRequest) {
    unwrap(await this.auth.logout(body.refreshToken));
  }

  /** The same answer whether or not the email has an account. */
  @Public()
  @Post('forgot-password')
  @HttpCode(204)
  async forgotPassword(@Body(new ZodPipe(forgotPasswordRequestSchema, 'body')) body: ForgotPasswordRequest, @Req() req: FastifyRequest) {
    unwrap(await this.passwordResets.requestReset(body, req.ip));
  }

  @Public()
  @Post('reset-password')
  @HttpCode(204)
  async resetPassword(@Body(new ZodPipe(resetPasswordRequestSchema, 'body')) body: ResetPasswordRequest, @Req() req: FastifyRequest) {
    unwrap(await this.passwordResets.reset(body, req.ip));
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
