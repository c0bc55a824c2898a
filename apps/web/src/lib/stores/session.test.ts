import { beforeEach, describe, expect, it } from 'vitest';
import { ManaClient } from '@mana/client';
import type { AuthTokens } from '@mana/contracts';
import { apiError, FakeApi, json } from '../../test/fake-api';
import { saveStoredSession } from '../api';
import { SessionStore } from './session.svelte';

beforeEach(() => localStorage.clear());

const user = { id: 'u1', email: 'ada@example.com', name: 'Ada', createdAt: '2026-11-24T00:00:00Z' };
const tokens = (n: number): AuthTokens => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 900, tokenType: 'Bearer', user });

/** A session wired like the app's: the client reports token changes to storage and to the session. */
function signedIn(api: FakeApi) {
  saveStoredSession(tokens(1));
  const listeners = new Set<(t: AuthTokens | null) => void>();
  const client = new ManaClient({
    baseUrl: 'http://mana.test',
    fetch: api.fetch,
    tokens: tokens(1),
    onTokens: (t) => {
      saveStoredSession(t);
      for (const l of listeners) l(t);
    },
  });
  const session = new SessionStore(client, (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  });
  return { client, session };
}

describe('session', () => {
  it('refreshes an expired access token without the user noticing, and stores the rotated pair', async () => {
    const api = new FakeApi()
      .on('GET', /^\/auth\/me$/, (call) => (call.headers.authorization === 'Bearer access-2' ? json(user) : apiError(401, 'UNAUTHORIZED')))
      .on('GET', /^\/conversations$/, (call) =>
        call.headers.authorization === 'Bearer access-2' ? json({ items: [], total: 0, limit: 20, offset: 0 }) : apiError(401, 'UNAUTHORIZED'),
      )
      .on('POST', /^\/auth\/refresh$/, () => json(tokens(2)));
    const { session, client } = signedIn(api);
    await session.verify();
    expect(session.user?.email).toBe('ada@example.com');
    expect(session.notice).toBeNull();
    expect(JSON.parse(localStorage.getItem('mana.session')!).refreshToken).toBe('refresh-2');
    await expect(client.listConversations()).resolves.toMatchObject({ total: 0 });
  });

  it('ends a dead session with the "expired" notice and forgets the tokens', async () => {
    const api = new FakeApi()
      .on('GET', /^\/conversations$/, () => apiError(401, 'UNAUTHORIZED'))
      .on('POST', /^\/auth\/refresh$/, () => apiError(401, 'UNAUTHORIZED', 'Refresh token was already used'));
    const { session, client } = signedIn(api);
    await expect(client.listConversations()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(session.user).toBeNull();
    expect(session.notice).toBe('expired');
    expect(localStorage.getItem('mana.session')).toBeNull();
  });

  it('signing out is not an expiry', async () => {
    const api = new FakeApi().on('POST', /^\/auth\/logout$/, () => new Response(null, { status: 204 }));
    const { session } = signedIn(api);
    await session.signOut();
    expect(session.user).toBeNull();
    expect(session.notice).toBe('signed-out');
  });
});
