import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type AuthTokens,
  fail,
  ok,
  type LoginRequest,
  type RegisterRequest,
  type Result,
  type User,
} from '@mana/contracts';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { AccessTokens } from './access-tokens';
import { accountDisabled } from './account-access';
import { AuthRepository, type UserRow } from './auth.repository';
import { LOGIN_LIMITS, type LoginLimits } from './login-limits';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords';
import { hashToken, newRefreshToken } from './refresh-tokens';
import type { SessionClient } from './session-client';

export const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  createdAt: row.createdAt.toISOString(),
});

const INVALID_CREDENTIALS = 'Email or password is wrong';

@Injectable()
export class AuthService {
  constructor(
    private readonly repository: AuthRepository,
    private readonly accessTokens: AccessTokens,
    @Inject(LOGIN_LIMITS) private readonly limits: LoginLimits,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async register(input: RegisterRequest, client: SessionClient): Promise<Result<AuthTokens>> {
    const limited = await this.limits.registerPerIp.consume(client.ip ?? '');
    if (!limited.ok) return limited;
    const passwordHash = await hashPassword(input.password);
    const user = await this.repository.createUser({ email: input.email, name: input.name, passwordHash });
    if (!user) return fail('CONFLICT', 'An account with this email already exists');
    return ok(await this.issueTokens(user, randomUUID(), client));
  }

  async login(input: LoginRequest, client: SessionClient): Promise<Result<AuthTokens>> {
    const account = input.email.toLowerCase();
    for (const [limiter, key] of [
      [this.limits.loginPerIp, client.ip ?? ''],
      [this.limits.loginPerAccount, account],
    ] as const) {
      const limited = await limiter.consume(key);
      if (!limited.ok) return limited;
    }
    const user = await this.repository.findUserByEmail({ email: input.email });
    if (!user?.passwordHash) {
      await burnPasswordCheck(input.password);
      return fail('UNAUTHORIZED', INVALID_CREDENTIALS);
    }
    if (!(await verifyPassword(user.passwordHash, input.password))) return fail('UNAUTHORIZED', INVALID_CREDENTIALS);
    await this.limits.loginPerAccount.reset(account);
    // Only someone who knows the password learns that the account is disabled.
    if (user.disabledAt) return accountDisabled();
    return ok(await this.issueTokens(user, randomUUID(), client));
  }

  /**
   * Rotates a refresh token. Presenting one that was already rotated means it leaked: the whole
   * family (this sign-in and every token descended from it) is revoked.
   */
  async refresh(refreshToken: string, client: SessionClient): Promise<Result<AuthTokens>> {
    const stored = await this.repository.findRefreshToken({ tokenHash: hashToken(refreshToken) });
    if (!stored) return fail('UNAUTHORIZED', 'Refresh token is invalid');
    // Disabling revokes every session; the holder of one is told why rather than just signed out.
    const user = await this.repository.findUserById({ id: stored.userId });
    if (user?.disabledAt) return accountDisabled();
    if (stored.revokedAt) return fail('UNAUTHORIZED', 'Refresh token is invalid');
    if (stored.usedAt || !(await this.repository.markRefreshTokenUsed({ id: stored.id }))) {
      await this.repository.revokeFamily({ familyId: stored.familyId });
      return fail('UNAUTHORIZED', 'Refresh token was already used; the session has been revoked');
    }
    if (stored.expiresAt.getTime() <= Date.now()) return fail('UNAUTHORIZED', 'Refresh token has expired');
    if (!user) return fail('UNAUTHORIZED', 'Refresh token is invalid');
    return ok(await this.issueTokens(user, stored.familyId, client));
  }

  async logout(refreshToken: string): Promise<Result<void>> {
    const stored = await this.repository.findRefreshToken({ tokenHash: hashToken(refreshToken) });
    if (stored) await this.repository.revokeFamily({ familyId: stored.familyId });
    return ok(undefined);
  }

  async me(userId: string, email: string | null): Promise<Result<User>> {
    const user = await this.repository.findUserById({ id: userId });
    if (user) return ok(toUser(user));
    // An externally issued identity has no users row: describe it from the token.
    return ok({ id: userId, email: email ?? '', name: email ?? userId, createdAt: new Date(0).toISOString() });
  }

  /** A family is one sign-in (a session); the access token names it, so the session can be revoked. */
  private async issueTokens(user: UserRow, familyId: string, client: SessionClient): Promise<AuthTokens> {
    const refreshToken = newRefreshToken();
    await this.repository.saveRefreshToken({
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
      userAgent: client.userAgent,
      ip: client.ip,
    });
    return {
      accessToken: await this.accessTokens.sign({ id: user.id, email: user.email }, familyId),
      refreshToken,
      expiresIn: this.accessTokens.expiresInS,
      tokenType: 'Bearer',
      user: toUser(user),
    };
  }
}
