import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The web app's Content-Security-Policy: scripts only from this origin plus the exact inline
 * bootstrap scripts of index.html (by hash), no plugins, no framing. Model output that slipped past
 * the sanitizer still could not run.
 */
export function contentSecurityPolicy(indexHtml: string, connectSources: string[] = []): string {
  const hashes = [...indexHtml.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
    .map((m) => m[1])
    .filter((code) => code.trim().length > 0)
    .map((code) => `'sha256-${createHash('sha256').update(code).digest('base64')}'`);
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self' ${connectSources.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Embedded mode serves the built single-page web app at `/`. Paths that are not files fall back to
 * index.html so client-side routes survive a reload; `/api/…` is never answered with HTML.
 */
export async function serveWebApp(app: NestFastifyApplication, webDist: string): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const csp = contentSecurityPolicy(readFileSync(path.join(webDist, 'index.html'), 'utf8'));
  await fastify.register(fastifyStatic, {
    root: webDist,
    wildcard: false,
    index: false,
    // The build writes .br and .gz copies next to each file (adapter-static `precompress`): sent to
    // browsers that accept them, with no compression work per request.
    preCompressed: true,
    // Our own cache headers below; the plugin's default would overwrite them with max-age=0.
    cacheControl: false,
    setHeaders(res, filePath) {
      // Hashed file names never change content: cached for a year. Anything else is revalidated.
      res.setHeader('cache-control', filePath.includes('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (filePath.endsWith('.html')) res.setHeader('content-security-policy', csp);
    },
  });
  const sendIndex = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').header('content-security-policy', csp).sendFile('index.html');
  fastify.get('/', (_req, reply) => sendIndex(reply));
  fastify.get('/*', (req, reply) => {
    if (req.url.startsWith('/api/')) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'Route not found' } });
    }
    // A missing build asset is a 404, never index.html (a browser would run HTML as a script).
    if (req.url.startsWith('/_app/')) return reply.status(404).type('text/plain').send('Not found');
    return sendIndex(reply);
  });
}
