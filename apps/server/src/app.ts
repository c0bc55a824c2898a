import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module';
import { AppErrorFilter } from './common/error.filter';
import { createLogger, type Logger, NestPinoLogger } from './common/logger';
import { requestContext } from './common/request-context';
import type { AppConfig } from './config/config';
import { type DatabaseHandle, openDatabase } from './db/database';
import { connectRedis } from './infra/redis';
import { serveWebApp } from './web-app';

export const API_PREFIX = 'api/v1';
/** Large enough for an imported chat history or a long /chat/completions prompt, small enough to refuse abuse. */
export const BODY_LIMIT_BYTES = 8 * 1024 * 1024;

export interface CreateAppOptions {
  config: AppConfig;
  logger?: Logger;
  /** A database opened by the caller (tests share one migrated PGlite per file). */
  database?: DatabaseHandle;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const database = options.database ?? openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  await database.migrate();
  const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL) : null;

  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: BODY_LIMIT_BYTES,
    // Honour a caller's id so a request can be followed across services; otherwise make one.
    genReqId: (req: import('node:http').IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const fastify = adapter.getInstance() as unknown as FastifyInstance;
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    reply.header('x-request-id', request.id);
    // Set here, not on send, so hijacked streams carry them too.
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    requestContext.run({ reqId: String(request.id) }, done);
  });

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ config, logger, database, redis }),
    adapter,
    { logger: new NestPinoLogger(logger), abortOnError: false },
  );
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalFilters(new AppErrorFilter(logger));
  if (config.CORS_ORIGINS.length > 0) {
    app.enableCors({ origin: config.CORS_ORIGINS, credentials: false, exposedHeaders: ['x-request-id'] });
  }
  const webDist = config.WEB_DIST_DIR ?? path.resolve(__dirname, '..', '..', 'web', 'build');
  if (existsSync(path.join(webDist, 'index.html'))) await serveWebApp(app, webDist);
  return app;
}
