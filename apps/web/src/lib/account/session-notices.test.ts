import { ManaClient } from '@mana/client';
import type { AuthTokens } from '@mana/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeApi, json } from '../../test/fake-api';
import { saveStoredSession } from '../api';
import { SessionStore } from '../stores/session.svelte';

beforeEach(() => localStorage.clear());

const user = { id: 'u1', email: 'bea@example.com', name: 'Bea', createdAt: '2026-11-24T00:00:00Z' };
const tokens: AuthTokens = { accessToken: 'access-1', refreshToken: 'refresh-1', expiresIn: 900, tokenType: 'Bearer', user };

describe('a session whose account was disabled by an admin', () => {
  it('ends on the next check with the "disabled" notice', async () => {
    saveStoredSession(tokens);
    const api = new FakeApi().on('GET', /^\/auth\/me$/, () =>
      json({ error: { code: 'FORBIDDEN', message: 'This account is disabled', details: { reason: 'account-disabled' } } }, 403),
    );
    const session = new SessionStore(new ManaClient({ baseUrl: 'http://mana.test', fetch: api.fetch, tokens }), () => () => true);
    expect(session.signedIn).toBe(true);
    await session.verify();
    expect(session.signedIn).toBe(false);
    expect(session.notice).toBe('disabled');
  });

  it('a FORBIDDEN for another reason does not sign anyone out', async () => {
    saveStoredSession(tokens);
    const api = new FakeApi().on('GET', /^\/auth\/me$/, () => json({ error: { code: 'FORBIDDEN', message: 'no' } }, 403));
    const session = new SessionStore(new ManaClient({ baseUrl: 'http://mana.test', fetch: api.fetch, tokens }), () => () => true);
    await session.verify();
    expect(session.signedIn).toBe(true);
    expect(session.notice).toBeNull();
  });
});
