import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** Who is calling, as the auth guard established it. */
export interface AuthenticatedUser {
  /** Our user id, or the external issuer's `sub`. */
  id: string;
  email: string | null;
  via: 'session' | 'external' | 'api-key';
  /** The sign-in a built-in access token belongs to (its refresh-token family), when known. */
  sessionId?: string | null;
}

export const IS_PUBLIC = 'mana:public';
export const ALLOWS_API_KEY = 'mana:allows-api-key';

/** The route needs no token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** The route also accepts a personal API key (OpenAI-compatible clients). */
export const AllowApiKey = () => SetMetadata(ALLOWS_API_KEY, true);

export type AuthenticatedRequest = FastifyRequest & { user?: AuthenticatedUser };

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedUser => {
  const user = ctx.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('CurrentUser used on a public route');
  return user;
});
