import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type OutgoingHttpHeaders, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';

/**
 * The pool of kept-alive connections to one upstream (OpenRouter over HTTPS, a local model server
 * over HTTP). A reply read to its end hands its connection back for the next request, so a busy
 * server pays the TCP and TLS handshakes once per connection instead of once per reply.
 */
const POOL = {
  keepAlive: true,
  // One connection per reply in flight: 1,000 concurrent streams need 1,000 sockets, and a request
  // over this limit would wait in the agent's queue (under its connect timeout).
  maxSockets: 4096,
  maxTotalSockets: 4096,
  // After a burst, keep this many warm and close the rest.
  maxFreeSockets: 256,
  // An idle connection is dropped before the upstream drops it (Node servers 5 s, nginx 75 s), so a
  // request is never written to a socket the other side is closing; `Keep-Alive: timeout=` hints
  // shorten it further. Same as undici's default behind `fetch`.
  timeout: 4_000,
  scheduling: 'lifo',
} as const;

export class UpstreamConnections {
  private readonly agent: HttpAgent;
  private readonly open: (options: RequestOptions) => ClientRequest;
  private readonly origin: RequestOptions;
  private readonly basePath: string;

  /** `baseUrl` as `https://openrouter.ai/api/v1`; paths of `target` are appended to it. */
  constructor(baseUrl: string) {
    const url = new URL(baseUrl.replace(/\/+$/, ''));
    const secure = url.protocol === 'https:';
    this.agent = secure ? new HttpsAgent(POOL) : new HttpAgent(POOL);
    this.open = secure ? httpsRequest : httpRequest;
    const { protocol, hostname, port, auth } = urlToHttpOptions(url);
    this.origin = { protocol, hostname, port, auth, agent: this.agent };
    this.basePath = url.pathname === '/' ? '' : url.pathname;
  }

  /** The options of one kind of request, built once so a request costs no URL parsing. */
  target(method: 'GET' | 'POST', path: string, headers: OutgoingHttpHeaders): RequestOptions {
    return { ...this.origin, method, path: `${this.basePath}${path}`, headers };
  }

  /** Starts a request on a pooled connection (or a new one); the caller writes the body and listens. */
  request(target: RequestOptions): ClientRequest {
    return this.open(target);
  }

  /** Closes every connection, idle or not: for application shutdown, after replies have drained. */
  close(): void {
    this.agent.destroy();
  }
}
