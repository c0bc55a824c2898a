import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

/**
 * Property-based fuzzing of every route's input: whatever arrives in the body, the path or the
 * query, the server answers with a client error or success, never a 5xx, and never a stack trace.
 */
const ROUTES: [method: string, path: string][] = [
  ['POST', '/auth/register'],
  ['POST', '/auth/login'],
  ['POST', '/auth/refresh'],
  ['POST', '/auth/logout'],
  ['GET', '/auth/me'],
  ['GET', '/chat/models'],
  ['GET', '/conversations'],
  ['POST', '/conversations'],
  ['GET', '/conversations/:id'],
  ['PATCH', '/conversations/:id'],
  ['DELETE', '/conversations/:id'],
  ['GET', '/conversations/:id/messages'],
  ['POST', '/conversations/:id/messages'],
  ['PUT', '/conversations/:id/branch'],
  ['POST', '/messages/:id/regenerate'],
  ['POST', '/messages/:id/edit'],
  ['POST', '/messages/:id/stop'],
  ['GET', '/messages/:id'],
  ['GET', '/search'],
  ['GET', '/usage'],
  ['GET', '/templates'],
  ['POST', '/templates'],
  ['PATCH', '/templates/:id'],
  ['POST', '/api-keys'],
  ['DELETE', '/api-keys/:id'],
  ['POST', '/chat/completions'],
  ['POST', '/spaces'],
  ['POST', '/spaces/:id/invite'],
  ['PATCH', '/spaces/:id/members/:userId'],
  ['POST', '/conversations/:id/share'],
  ['GET', '/shares/:id'],
  ['POST', '/conversations/import'],
  ['GET', '/conversations/:id/document/diff'],
];

const segment = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('..', '%00', '%2e%2e', 'null', '-1', '9'.repeat(40), '<script>', "' or 1=1 --"),
);
const queryValue = fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constantFrom('true', '', '-1', '1e309', 'NaN'));
const body = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom('content', 'email', 'password', 'name', 'title', 'modelId', 'modelIds', 'messages', 'model', 'stream', 'leafId', 'role', 'refreshToken', 'isPinned', 'systemPrompt', 'format', 'conversations', 'spaceId', 'templateId', 'parentId'), fc.anything({ maxDepth: 2 })),
);

describe('fuzzing every route', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({}, { usePostgres: false });
    token = (await t.newUser()).client.accessToken!;
  });
  afterAll(() => t.close());

  it.each(ROUTES)('%s %s never answers 5xx or leaks a stack trace', async (method, template) => {
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 2, maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 10 }), queryValue, { maxKeys: 3 }), body, fc.boolean(), async ([a, b], query, payload, authenticated) => {
        const path = template.replace(':id', encodeURIComponent(a)).replace(':userId', encodeURIComponent(b));
        const qs = new URLSearchParams(query).toString();
        const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
        if (authenticated) headers.authorization = `Bearer ${token}`;
        const hasBody = method !== 'GET' && method !== 'DELETE';
        const res = await fetch(`${t.baseUrl}/api/v1${path}${qs ? `?${qs}` : ''}`, {
          method,
          headers,
          body: hasBody ? (JSON.stringify(payload) ?? 'null') : undefined,
        });
        const text = await res.text();
        expect(res.status, `${method} ${path} → ${text.slice(0, 300)}`).toBeLessThan(500);
        expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
        if (res.status >= 400 && !res.headers.get('content-type')?.includes('event-stream')) {
          expect(JSON.parse(text).error.code).toMatch(/^[A-Z_]+$/);
        }
      }),
      { numRuns: 25 },
    );
  });
});
