import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { AppError } from '@mana/contracts';
import { AdminPolicy } from '../auth/admin-policy';
import type { AuthenticatedRequest } from '../auth/auth.decorators';

/**
 * Admin routes exist only for admins: anyone else gets exactly what an unknown route answers, so
 * the admin API does not even show that it is there.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly admins: AdminPolicy) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (user && (await this.admins.isAdmin(user))) return true;
    throw new AppError('NOT_FOUND', 'Route not found');
  }
}
