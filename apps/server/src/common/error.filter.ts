import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, HTTP_STATUS_BY_CODE } from '@mana/contracts';
import type { Logger } from '../common/logger';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'VALIDATION',
  429: 'RATE_LIMITED',
};

/** Errors that mean the database is unreachable right now, not that the request was wrong. */
const DATABASE_DOWN = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

function databaseUnavailable(exception: unknown): boolean {
  for (let e = exception as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && DATABASE_DOWN.has(e.code)) return true;
    if (typeof e.message === 'string' && /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|database is closed/i.test(e.message)) return true;
  }
  return false;
}

/** Maps anything thrown while answering a request to `{ error: { code, message, details? } }`. */
export function toAppError(exception: unknown): { error: AppError; unexpected: boolean } {
  if (exception instanceof AppError) return { error: exception, unexpected: false };
  if (databaseUnavailable(exception)) {
    return { error: new AppError('NOT_READY', 'The database is unavailable right now; try again shortly', { retryAfterS: 5 }), unexpected: false };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = CODE_BY_STATUS[status];
    if (code) {
      const message = status === 404 ? 'Route not found' : exception.message;
      return { error: new AppError(code, message), unexpected: false };
    }
  }
  // Fastify's own errors (body parser, content type, body size) carry a 4xx statusCode.
  const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const code = CODE_BY_STATUS[fastifyError.statusCode] ?? 'VALIDATION';
    const message =
      fastifyError.statusCode === 413
        ? 'Request body is too large'
        : fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'Unsupported content type: send application/json'
          : `Malformed request body: ${fastifyError.message ?? 'could not be parsed'}`;
    return { error: new AppError(code, message), unexpected: false };
  }
  return { error: new AppError('INTERNAL', 'Internal server error'), unexpected: true };
}

@Catch()
export class AppErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { error, unexpected } = toAppError(exception);
    if (unexpected) {
      this.logger.error({ err: exception, reqId: request?.id, url: request?.url }, 'unhandled error');
    }
    if (reply.sent || reply.raw.headersSent) {
      // A stream already under way cannot change its status; the stream itself reports errors.
      if (!reply.raw.writableEnded) reply.raw.end();
      return;
    }
    const retryAfterS = (error.details as { retryAfterS?: number } | undefined)?.retryAfterS;
    if ((error.code === 'RATE_LIMITED' || error.code === 'NOT_READY') && retryAfterS) reply.header('Retry-After', String(Math.ceil(retryAfterS)));
    reply.status(HTTP_STATUS_BY_CODE[error.code]).send({ error: error.toJSON() });
  }
}
