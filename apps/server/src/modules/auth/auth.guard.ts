import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { API_KEY_PREFIX, AppError } from '@mana/contracts';
import { unwrap } from '../../common/errors';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AccessTokens } from './access-tokens';
import { AccountAccess } from './account-access';
import { ALLOWS_API_KEY, type AuthenticatedRequest, IS_PUBLIC } from './auth.decorators';

/** Every route needs a bearer token unless it is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessTokens: AccessTokens,
    private readonly apiKeys: ApiKeysService,
    private readonly access: AccountAccess,
  ) {
    // A deleted or disabled account's API keys stop working at once, not when their cache expires.
    access.onForget((userId) => apiKeys.forgetUser(userId));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new AppError('UNAUTHORIZED', 'Sign in first: the Authorization bearer token is missing');

    if (token.startsWith(API_KEY_PREFIX)) {
      if (!this.reflector.getAllAndOverride<boolean>(ALLOWS_API_KEY, targets)) {
        throw new AppError('UNAUTHORIZED', 'API keys are accepted only by the OpenAI-compatible API');
      }
      const userId = await this.apiKeys.authenticate(token);
      if (!userId) throw new AppError('UNAUTHORIZED', 'API key is invalid or revoked');
      unwrap(await this.access.check(userId, null));
      request.user = { id: userId, email: null, via: 'api-key' };
      return true;
    }

    const verified = await this.accessTokens.verify(token);
    if (!verified) throw new AppError('UNAUTHORIZED', 'Access token is invalid or expired');
    // An external issuer's accounts live there; ours may have been disabled, deleted or signed out.
    if (!verified.external) unwrap(await this.access.check(verified.sub, verified.sessionId));
    request.user = {
      id: verified.sub,
      email: verified.email,
      via: verified.external ? 'external' : 'session',
      sessionId: verified.sessionId,
    };
    return true;
  }
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const [scheme, value] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && value ? value.trim() : null;
}
