import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { AuthenticatedUser } from './auth.decorators';
import { AuthRepository } from './auth.repository';

/** Who runs the instance: the accounts in ADMIN_EMAILS, or when it is unset the first account created. */
@Injectable()
export class AdminPolicy {
  private readonly emails: Set<string>;

  constructor(
    private readonly repository: AuthRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.emails = new Set(config.ADMIN_EMAILS.map((e) => e.toLowerCase()));
  }

  /** The same rule as a test over many accounts, with at most one query (the admin's list of users). */
  async adminTest(): Promise<(account: { id: string; email: string | null }) => boolean> {
    if (this.emails.size > 0) return (account) => Boolean(account.email && this.emails.has(account.email.toLowerCase()));
    const first = await this.repository.findFirstUser();
    return (account) => account.id === first?.id;
  }

  async isAdmin(user: AuthenticatedUser): Promise<boolean> {
    if (user.via === 'api-key') return false;
    if (this.emails.size > 0) return Boolean(user.email && this.emails.has(user.email.toLowerCase()));
    const first = await this.repository.findFirstUser();
    return first?.id === user.id;
  }
}
