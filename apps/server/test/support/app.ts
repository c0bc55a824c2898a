import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import { ManaClient } from '@mana/client';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/common/logger';
import { loadConfig } from '../../src/config/config';
import { type DatabaseHandle, openDatabase } from '../../src/db/database';
import { createTestPostgres } from './postgres';

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  database: DatabaseHandle;
  /** A client with no session. */
  client(): ManaClient;
  /** Registers a fresh user and returns a signed-in client. */
  newUser(name?: string): Promise<{ client: ManaClient; userId: string; email: string; password: string }>;
  close(): Promise<void>;
}

let userCounter = 0;

/**
 * Starts the real API on a loopback port. The database is an in-memory PGlite, or a throwaway
 * database on the real server when `TEST_DATABASE_URL` is set (and `usePostgres` is not false).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: {
    usePostgres?: boolean;
    /** Where log lines go (with LOG_LEVEL set in `env`), to read them in a test. */
    logs?: DestinationStream;
    /** A database to use as it is (e.g. behind a proxy a test can cut). */
    databaseUrl?: string;
  } = {},
): Promise<TestApp> {
  const pgUrl = options.usePostgres === false || process.env.MANA_TEST_DATABASE === 'pglite' ? undefined : process.env.TEST_DATABASE_URL;
  const pg = pgUrl ? await createTestPostgres(pgUrl) : null;
  const config = loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    ECHO_DELAY_MS: '0',
    REGISTER_LIMIT_PER_IP: '100000',
    LOGIN_LIMIT_PER_IP: '100000',
    MESSAGE_LIMIT_PER_MINUTE: '100000',
    MAX_CONCURRENT_GENERATIONS: '1000',
    ...env,
    ...(pg ? { DATABASE_URL: pg.url } : {}),
  });
  const database = openDatabase(options.databaseUrl ? { url: options.databaseUrl } : pg ? { url: pg.url } : { dataDir: 'memory://' });
  const app = await createApp({ config, database, logger: createLogger(config.LOG_LEVEL, options.logs) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    baseUrl,
    database,
    client: () => new ManaClient({ baseUrl }),
    async newUser(name = 'Test User') {
      const client = new ManaClient({ baseUrl });
      const email = `user${++userCounter}-${Date.now()}@example.com`;
      const password = 'correct horse battery staple';
      const tokens = await client.register({ email, password, name });
      return { client, userId: tokens.user.id, email, password };
    },
    async close() {
      await app.close();
      await pg?.drop();
    },
  };
}

/** Raw JSON request helper for tests that need to send what the typed client would not. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] ??= 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, headers: response.headers };
}
