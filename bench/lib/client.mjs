// The load generator's HTTP side: node:http with keep-alive, timestamps on the system-wide
// monotonic clock, and a streaming reader that indexes every delta it receives.
import http from 'node:http';
import { nowNs } from './stats.mjs';

export const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 20_000, scheduling: 'lifo' });

/** A plain JSON request (setup, not measured). */
export function json(port, method, path, { token, body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
      },
      (res) => {
        const parts = [];
        res.on('data', (c) => parts.push(c));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          let parsed = null;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            parsed = text;
          }
          resolve({ status: res.statusCode, body: parsed, headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload ?? undefined);
  });
}

/** Throws unless the answer has the expected status. */
export async function expectJson(port, method, path, opts, status = [200, 201]) {
  const r = await json(port, method, path, opts);
  const ok = Array.isArray(status) ? status.includes(r.status) : r.status === status;
  if (!ok) throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}

/** One timed request: from just before the body is sent to the end of the answer. */
export function timed(port, method, path, headers, payload) {
  return new Promise((resolve) => {
    const h = { ...headers };
    if (payload) h['content-length'] = payload.length;
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: h }, (res) => {
      let bytes = 0;
      res.on('data', (c) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode, ms: (nowNs() - t0) / 1e6, bytes }));
      res.on('error', (e) => resolve({ status: 0, ms: NaN, error: e.message }));
    });
    req.on('error', (e) => resolve({ status: 0, ms: NaN, error: e.message }));
    const t0 = nowNs();
    req.end(payload ?? undefined);
  });
}

const DELTA = /" w(\d+)"/;

/**
 * A streamed request whose deltas carry their index (" w17"). Works for the upstream's own
 * format (direct, relay), our `chat.completion.chunk` re-encoding and the AI SDK UI stream.
 * Resolves when the answer ends with every receive time, duplicate and gap counted.
 */
export function stream(port, path, { headers, payload, n, timeoutMs = 120_000, onHeaders }) {
  return new Promise((resolve) => {
    const recv = new Float64Array(n).fill(NaN);
    const result = {
      status: 0,
      sentNs: 0,
      headersNs: 0,
      firstNs: 0,
      lastNs: 0,
      endNs: 0,
      received: 0,
      duplicates: 0,
      outOfOrder: 0,
      unknown: 0,
      sawDone: false,
      events: 0,
      error: null,
      recv,
      bodyHead: '',
    };
    let buffer = '';
    let lastIndex = -1;
    let settled = false;
    const finish = (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) result.error = error;
      result.endNs = nowNs();
      resolve(result);
    };
    const h = { ...headers, 'content-length': payload.length };
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, agent, headers: h }, (res) => {
      result.status = res.statusCode;
      result.headersNs = nowNs();
      onHeaders?.(res);
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        const t = nowNs();
        if (result.bodyHead.length < 600) result.bodyHead += chunk.slice(0, 600);
        buffer += chunk;
        let end;
        let from = 0;
        while ((end = buffer.indexOf('\n\n', from)) !== -1) {
          const event = buffer.slice(from, end);
          from = end + 2;
          result.events++;
          const m = DELTA.exec(event);
          if (m) {
            const i = Number(m[1]);
            if (i >= n || i < 0) {
              result.unknown++;
              continue;
            }
            if (!Number.isNaN(recv[i])) {
              result.duplicates++;
              continue;
            }
            recv[i] = t;
            if (i < lastIndex) result.outOfOrder++;
            lastIndex = i;
            if (result.received === 0) result.firstNs = t;
            result.lastNs = t;
            result.received++;
          } else if (event.includes('data: [DONE]')) {
            result.sawDone = true;
          }
        }
        buffer = from === 0 ? buffer : buffer.slice(from);
      });
      res.on('end', () => finish(null));
      res.on('error', (e) => finish(e.message));
      res.on('aborted', () => finish('aborted'));
    });
    req.on('error', (e) => finish(e.message));
    const timer = setTimeout(() => {
      req.destroy();
      finish('timeout');
    }, timeoutMs);
    result.sentNs = nowNs();
    req.end(payload);
  });
}

/** Opens a long-lived GET (e.g. /events) and keeps it; resolves once headers arrive. */
export function idleConnection(port, path, token) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'GET',
        path,
        // A fresh socket per connection: each idle client is its own TCP connection.
        agent: false,
        headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('error', () => undefined);
        resolve({ status: res.statusCode, close: () => req.destroy() });
      },
    );
    req.on('error', reject);
    req.end();
  });
}
