import { describe, expect, it } from 'vitest';
import { createLogger } from '../../common/logger';
import { AccountAccess } from './account-access';
import type { AuthRepository } from './auth.repository';

type State = { disabledAt: Date | null; sessionLive: boolean } | null;

/** A repository that answers only findAccessState, counting the round trips. */
function fakeRepository(initial: State) {
  const repo = {
    state: initial,
    calls: 0,
    pending: null as Promise<void> | null,
    async findAccessState() {
      repo.calls++;
      const answer = repo.state;
      if (repo.pending) await repo.pending;
      return answer;
    },
  };
  return repo;
}

const accessWith = (repo: ReturnType<typeof fakeRepository>) =>
  new AccountAccess(repo as unknown as AuthRepository, null, createLogger('silent'));

describe('account access checks', () => {
  it('answer from the cache for a while instead of asking the database per request', async () => {
    const repo = fakeRepository({ disabledAt: null, sessionLive: true });
    const access = accessWith(repo);
    for (let i = 0; i < 5; i++) expect((await access.check('u1', 's1')).ok).toBe(true);
    expect(repo.calls).toBe(1);
  });

  it('see a change at once after forget', async () => {
    const repo = fakeRepository({ disabledAt: null, sessionLive: true });
    const access = accessWith(repo);
    await access.check('u1', 's1');
    repo.state = { disabledAt: new Date(), sessionLive: true };
    await access.forget('u1');
    const answer = await access.check('u1', 's1');
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'account-disabled' } });
  });

  it('do not cache an answer read while the account changed', async () => {
    const repo = fakeRepository({ disabledAt: null, sessionLive: true });
    const access = accessWith(repo);
    let release!: () => void;
    repo.pending = new Promise((resolve) => (release = resolve));
    const inFlight = access.check('u1', 's1');
    repo.state = { disabledAt: null, sessionLive: false };
    await access.forget('u1');
    release();
    expect((await inFlight).ok).toBe(true);
    repo.pending = null;
    expect((await access.check('u1', 's1')).ok).toBe(false);
  });

  it('refuse a revoked session or a deleted account; allow tokens without a session when no row exists', async () => {
    expect((await accessWith(fakeRepository({ disabledAt: null, sessionLive: false })).check('u', 's')).ok).toBe(false);
    const deleted = await accessWith(fakeRepository(null)).check('u', 's');
    expect(!deleted.ok && deleted.error.code).toBe('UNAUTHORIZED');
    expect((await accessWith(fakeRepository(null)).check('api-key-owner', null)).ok).toBe(true);
  });
});
