import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';

/**
 * Embedded mode serves the built single-page web app at `/`. Paths that are not files fall back to
 * index.html so client-side routes survive a reload; `/api/…` is never answered with HTML.
 */
export async function serveWebApp(app: NestFastifyApplication, webDist: string): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await fastify.register(fastifyStatic, {
    root: webDist,
    wildcard: false,
    index: false,
    setHeaders(res, filePath) {
      if (filePath.includes('/_app/immutable/')) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  const sendIndex = (_req: unknown, reply: { header(k: string, v: string): unknown; sendFile(f: string): unknown }) => {
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  };
  fastify.get('/', sendIndex as never);
  fastify.get('/*', (req, reply) => {
    if (req.url.startsWith('/api/')) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'Route not found' } });
    }
    return sendIndex(req, reply as never);
  });
}
