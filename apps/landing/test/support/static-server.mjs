// A tiny static file server over the built site, on 127.0.0.1 and a free port, for browser tests.
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { distDir, fileForPath } from './site.mjs';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
};

/** @returns {Promise<{ origin: string, close: () => Promise<void> }>} */
export async function serveSite(root = distDir) {
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const file = fileForPath(pathname, root);
    if (file && !pathname.endsWith('/') && file.endsWith('index.html') && !pathname.endsWith('.html')) {
      response.writeHead(301, { location: `${pathname}/` }).end();
      return;
    }
    const target = file ?? join(root, '404.html');
    response.writeHead(file ? 200 : 404, { 'content-type': CONTENT_TYPES[extname(target)] ?? 'application/octet-stream' });
    createReadStream(target).on('error', () => response.end()).pipe(response);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
