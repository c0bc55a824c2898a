import { Inject, Injectable } from '@nestjs/common';
import {
  type Account,
  type ChangeEmailRequest,
  type ChangePasswordRequest,
  fail,
  ok,
  type Result,
  type RevokedSessions,
  type SessionList,
  type UpdateProfileRequest,
} from '@mana/contracts';
import { AccountAccess } from '../auth/account-access';
import { AdminPolicy } from '../auth/admin-policy';
import type { AuthenticatedUser } from '../auth/auth.decorators';
import { toUser } from '../auth/auth.service';
import { LOGIN_LIMITS, type LoginLimits } from '../auth/login-limits';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { AccountRepository, type UserRow } from './account.repository';
import { monthStart } from './spend-limits';
import { SpendRepository } from './spend.repository';

const MANAGED_ELSEWHERE = 'This account is managed by your sign-in provider: change it there';

/** The signed-in person's own account: profile, email, password and sessions. */
@Injectable()
export class AccountService {
  constructor(
    private readonly repository: AccountRepository,
    private readonly spend: SpendRepository,
    private readonly admins: AdminPolicy,
    private readonly access: AccountAccess,
    @Inject(LOGIN_LIMITS) private readonly limits: LoginLimits,
  ) {}

  async profile(user: AuthenticatedUser): Promise<Result<Account>> {
    const found = await this.ownRow(user);
    if (!found.ok) return found;
    const [isAdmin, spendThisMonthUsd] = await Promise.all([
      this.admins.isAdmin(user),
      this.spend.spendSince({ userId: user.id, since: monthStart() }),
    ]);
    const row = found.value;
    if (!row) {
      // An external issuer's identity has no row here: describe it from its token.
      const label = user.email ?? user.id;
      return ok({ id: user.id, email: user.email ?? '', name: label, createdAt: new Date(0).toISOString(), external: true, isAdmin, monthlySpendLimitUsd: null, spendThisMonthUsd });
    }
    return ok({ ...toUser(row), external: false, isAdmin, monthlySpendLimitUsd: row.monthlySpendLimitUsd, spendThisMonthUsd });
  }

  async updateProfile(user: AuthenticatedUser, input: UpdateProfileRequest): Promise<Result<Account>> {
    const found = await this.ownRow(user);
    if (!found.ok) return found;
    if (!found.value) return fail('FORBIDDEN', MANAGED_ELSEWHERE);
    await this.repository.setName({ id: user.id, name: input.name });
    return this.profile(user);
  }

  /** Needs the password: whoever holds a stolen token must not be able to take the account over. */
  async changeEmail(user: AuthenticatedUser, input: ChangeEmailRequest): Promise<Result<Account>> {
    const found = await this.ownRow(user);
    if (!found.ok) return found;
    if (!found.value) return fail('FORBIDDEN', MANAGED_ELSEWHERE);
    const checked = await this.checkPassword(found.value, input.password, 'password');
    if (!checked.ok) return checked;
    const updated = await this.repository.setEmail({ id: user.id, email: input.email });
    if (updated === 'taken') return fail('CONFLICT', 'An account with this email already exists');
    return this.profile(user);
  }

  /** Every other session ends; the one that changed the password stays signed in. */
  async changePassword(user: AuthenticatedUser, input: ChangePasswordRequest): Promise<Result<void>> {
    const found = await this.ownRow(user);
    if (!found.ok) return found;
    if (!found.value) return fail('FORBIDDEN', MANAGED_ELSEWHERE);
    const checked = await this.checkPassword(found.value, input.currentPassword, 'currentPassword');
    if (!checked.ok) return checked;
    await this.repository.setPassword({
      id: user.id,
      passwordHash: await hashPassword(input.newPassword),
      keepSessionId: user.sessionId ?? null,
    });
    await this.access.forget(user.id);
    return ok(undefined);
  }

  async sessions(user: AuthenticatedUser): Promise<Result<SessionList>> {
    const rows = await this.repository.listSessions({ userId: user.id });
    return ok({
      items: rows.map((r) => ({
        id: r.id,
        createdAt: r.createdAt.toISOString(),
        lastUsedAt: r.lastUsedAt.toISOString(),
        expiresAt: r.expiresAt.toISOString(),
        userAgent: r.userAgent,
        ip: r.ip,
        current: r.id === user.sessionId,
      })),
    });
  }

  /** Revoking the current session signs this device out too. */
  async revokeSession(user: AuthenticatedUser, sessionId: string): Promise<Result<void>> {
    if (!(await this.repository.revokeSession({ userId: user.id, sessionId }))) return fail('NOT_FOUND', 'Session not found');
    await this.access.forget(user.id);
    return ok(undefined);
  }

  async revokeOtherSessions(user: AuthenticatedUser): Promise<Result<RevokedSessions>> {
    const revoked = await this.repository.revokeOtherSessions({ userId: user.id, keepSessionId: user.sessionId ?? null });
    await this.access.forget(user.id);
    return ok({ revoked });
  }

  /** A built-in account's row; null for an external identity (which has none). */
  private async ownRow(user: AuthenticatedUser): Promise<Result<UserRow | null>> {
    const row = await this.repository.findUser({ id: user.id });
    if (row || user.via === 'external') return ok(row);
    return fail('UNAUTHORIZED', 'This account no longer exists');
  }

  /** Limited like sign-in (same per-account counter), so a stolen token cannot guess the password. */
  async checkPassword(row: UserRow, password: string, field: string): Promise<Result<void>> {
    const account = row.email.toLowerCase();
    const limited = await this.limits.loginPerAccount.consume(account);
    if (!limited.ok) return limited;
    if (!row.passwordHash || !(await verifyPassword(row.passwordHash, password))) {
      return fail('VALIDATION', 'The password is wrong', { fields: [{ path: field, message: 'is wrong' }] });
    }
    await this.limits.loginPerAccount.reset(account);
    return ok(undefined);
  }
}
