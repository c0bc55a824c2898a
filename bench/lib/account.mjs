// Accounts, keys and conversations on a benchmarked server (setup only, never timed).
import { randomBytes } from 'node:crypto';
import { expectJson, json } from './client.mjs';

export const MODEL = 'bench/fast';

/** A fresh account with a session token and a personal API key; waits until the fake model is in the catalog. */
export async function prepareAccount(server, label = 'bench') {
  const email = `${label}-${randomBytes(5).toString('hex')}@bench.local`;
  const password = 'bench-password-123';
  const tokens = await expectJson(server.port, 'POST', '/api/v1/auth/register', { body: { email, password, name: label } });
  const token = tokens.accessToken;
  const key = await expectJson(server.port, 'POST', '/api/v1/api-keys', { token, body: { name: 'bench' } });
  await waitForModel(server, token);
  return { email, password, token, apiKey: key.secret, userId: tokens.user.id };
}

export async function login(server, email, password) {
  return expectJson(server.port, 'POST', '/api/v1/auth/login', { body: { email, password } });
}

export async function waitForModel(server, token, timeoutMs = 30_000) {
  const started = Date.now();
  for (;;) {
    const r = await json(server.port, 'GET', '/api/v1/chat/models', { token });
    if (r.status === 200 && r.body.items.some((m) => m.id === MODEL)) return;
    if (Date.now() - started > timeoutMs) throw new Error(`${server.name}: the model ${MODEL} never appeared in the catalog`);
    // The catalog is cached 5 minutes, but the start-up sync clears the cache when it lands.
    await new Promise((res) => setTimeout(res, 200));
  }
}

export async function createConversation(server, token) {
  return expectJson(server.port, 'POST', '/api/v1/conversations', { token, body: { modelId: MODEL, title: 'bench' } });
}

/** Does the server have this route? (404 NOT_FOUND for an unknown route, anything else means yes.) */
export async function routeExists(server, token, method, path) {
  const r = await new Promise((resolve) => {
    import('node:http').then(({ default: http }) => {
      const req = http.request(
        { host: '127.0.0.1', port: server.port, method, path, agent: false, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } },
        (res) => {
          resolve(res.statusCode);
          req.destroy();
        },
      );
      req.on('error', () => resolve(0));
      req.setTimeout(5_000, () => {
        req.destroy();
        resolve(0);
      });
      req.end();
    });
  });
  return r !== 404 && r !== 0;
}
