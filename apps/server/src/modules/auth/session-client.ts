import type { FastifyRequest } from 'fastify';

/** Who is signing in, as far as the request tells: shown in the list of sessions. */
export interface SessionClient {
  ip: string | null;
  userAgent: string | null;
}

const MAX_USER_AGENT = 300;

export function sessionClientOf(request: FastifyRequest): SessionClient {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip || null,
    userAgent: typeof userAgent === 'string' && userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null,
  };
}
