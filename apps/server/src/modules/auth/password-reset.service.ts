import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { fail, type ForgotPasswordRequest, ok, type ResetPasswordRequest, type Result } from '@mana/contracts';
import { LOGGER, type Logger } from '../../common/logger';
import { RateLimiter } from '../../common/rate-limit';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { REDIS } from '../../infra/redis';
import { MailService } from '../mail/mail.service';
import { AccountAccess } from './account-access';
import { AuthRepository, type UserRow } from './auth.repository';
import { LOGIN_LIMITS, type LoginLimits } from './login-limits';
import { passwordResetMail, type ResetMailLocale } from './password-reset-mail';
import { PasswordResetRepository } from './password-reset.repository';
import { hashPassword } from './passwords';
import { hashToken, newRefreshToken } from './refresh-tokens';

export const RESET_LINK_TTL_MIN = 30;
const INVALID_LINK = 'This reset link is invalid, has expired or was already used';

/**
 * Forgotten passwords: a single-use link, valid 30 minutes, sent by email (or, without SMTP_URL,
 * written to the log). The answer never tells whether the email has an account.
 */
@Injectable()
export class PasswordResetService {
  private readonly requestsPerIp: RateLimiter;
  private readonly requestsPerEmail: RateLimiter;
  private readonly resetsPerIp: RateLimiter;

  constructor(
    private readonly repository: PasswordResetRepository,
    private readonly users: AuthRepository,
    private readonly mail: MailService,
    private readonly access: AccountAccess,
    @Inject(LOGIN_LIMITS) private readonly loginLimits: LoginLimits,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(REDIS) redis: Redis | null,
  ) {
    const perIp = { points: config.FORGOT_PASSWORD_LIMIT_PER_IP, windowS: 3600 };
    this.requestsPerIp = new RateLimiter('forgot-ip', perIp, redis);
    this.requestsPerEmail = new RateLimiter('forgot-email', { points: config.FORGOT_PASSWORD_LIMIT_PER_EMAIL, windowS: 3600 }, redis);
    this.resetsPerIp = new RateLimiter('reset-ip', perIp, redis);
  }

  async requestReset(input: ForgotPasswordRequest, ip: string): Promise<Result<void>> {
    // Counted by the address as typed, so an unknown email is limited exactly like a known one.
    for (const [limiter, key] of [
      [this.requestsPerIp, ip],
      [this.requestsPerEmail, input.email.toLowerCase()],
    ] as const) {
      const limited = await limiter.consume(key);
      if (!limited.ok) return limited;
    }
    const user = await this.users.findUserByEmail({ email: input.email });
    if (!user?.passwordHash || user.disabledAt) return ok(undefined);
    const token = newRefreshToken();
    await this.repository.replaceReset({
      userId: user.id,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + RESET_LINK_TTL_MIN * 60_000),
    });
    // Sent after answering: how long the mail server takes must not tell whether the account exists.
    void this.deliver(user, this.linkFor(token), input.locale ?? 'en');
    return ok(undefined);
  }

  async reset(input: ResetPasswordRequest, ip: string): Promise<Result<void>> {
    const limited = await this.resetsPerIp.consume(ip);
    if (!limited.ok) return limited;
    const tokenHash = hashToken(input.token);
    if (!(await this.repository.findUsableReset({ tokenHash }))) return invalidLink();
    const userId = await this.repository.completeReset({ tokenHash, passwordHash: await hashPassword(input.password) });
    if (!userId) return invalidLink();
    await this.access.forget(userId);
    const user = await this.users.findUserById({ id: userId });
    if (user) await this.loginLimits.loginPerAccount.reset(user.email.toLowerCase());
    this.logger.info({ userId }, 'password reset; every session revoked');
    return ok(undefined);
  }

  private linkFor(token: string): string {
    const base = this.config.APP_URL.endsWith('/') ? this.config.APP_URL : `${this.config.APP_URL}/`;
    const url = new URL('reset-password', base);
    url.searchParams.set('token', token);
    return url.toString();
  }

  private async deliver(user: UserRow, link: string, locale: ResetMailLocale) {
    try {
      if (!this.mail.configured) {
        // The one place a secret reaches the log: without SMTP the operator hands the link over.
        this.logger.warn({ email: user.email, resetLink: link }, 'password reset link (SMTP_URL is not set, so it is logged instead of emailed)');
        return;
      }
      const sent = await this.mail.send(passwordResetMail({ to: user.email, name: user.name, link, minutes: RESET_LINK_TTL_MIN, locale }));
      if (!sent.ok) this.logger.warn({ userId: user.id, code: sent.error.code }, 'password reset email not sent');
    } catch (err) {
      this.logger.error({ err, userId: user.id }, 'password reset email failed');
    }
  }
}

const invalidLink = () => fail('VALIDATION', INVALID_LINK, { fields: [{ path: 'token', message: 'is invalid, expired or already used' }] });
