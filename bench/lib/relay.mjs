// The minimal Node relay baseline: node:http in, node:http out, bytes piped unchanged.
// What any Node proxy in front of the upstream costs at the least; the server is judged against it.
//   node bench/lib/relay.mjs <upstreamPort>   → sends { type: 'ready', port } over IPC
import http from 'node:http';

const upstreamPort = Number(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 10_000 });

/** Idle event streams held open (S4's baseline: what node:http alone costs per idle SSE client). */
const idle = new Set();

const server = http.createServer({ keepAliveTimeout: 60_000, noDelay: true }, (req, res) => {
  if (req.method === 'GET' && req.url?.startsWith('/api/v1/events')) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform' });
    res.flushHeaders();
    idle.add(res);
    res.on('close', () => idle.delete(res));
    return;
  }
  const upstream = http.request(
    {
      host: '127.0.0.1',
      port: upstreamPort,
      method: req.method,
      path: req.url,
      agent,
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json', accept: req.headers.accept ?? '*/*' },
    },
    (up) => {
      const headers = { 'content-type': up.headers['content-type'] ?? 'application/octet-stream' };
      if (up.headers['content-length']) headers['content-length'] = up.headers['content-length'];
      res.writeHead(up.statusCode ?? 502, headers);
      if (String(headers['content-type']).startsWith('text/event-stream')) res.flushHeaders();
      up.pipe(res);
    },
  );
  upstream.setNoDelay?.(true);
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
});
server.headersTimeout = 0;
server.requestTimeout = 0;

process.on('disconnect', () => process.exit(0));
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: server.address().port }));
