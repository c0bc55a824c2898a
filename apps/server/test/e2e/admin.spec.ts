import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ModelSyncEvent, type SentMessages } from '@mana/contracts';
import type { ManaClient } from '@mana/client';
import { usageLogs } from '../../src/db/schema';
import { ModelsService } from '../../src/modules/models/models.service';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fake-openrouter';
import { refusingBaseUrl } from '../fake-openrouter/refusing-base-url';
import { call, startTestApp, type TestApp } from '../support/app';
import { waitForFinal } from '../support/chat';

const NOT_FOUND = { error: { code: 'NOT_FOUND', message: 'Route not found' } };

/** Every admin route with a harmless body, to prove each one hides from non-admins. */
const ADMIN_ROUTES: [string, string, unknown?][] = [
  ['GET', '/admin/models'],
  ['PATCH', '/admin/models/builtin%2Fecho', { isActive: true }],
  ['POST', '/admin/models/sync'],
  ['GET', '/admin/users'],
  ['GET', '/admin/users/someone'],
  ['PATCH', '/admin/users/someone', { disabled: true }],
  ['GET', '/admin/usage'],
];

async function echo(client: ManaClient, content: string) {
  const conversation = await client.createConversation({ title: content, modelId: 'builtin/echo' });
  const sent = await client.sendMessage(conversation.id, { content });
  await waitForFinal(client, sent.assistantMessages[0].id);
  return conversation.id;
}

describe('administration (the first account is the admin)', () => {
  let fake: FakeOpenRouter;
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['newUser']>>;
  let member: Awaited<ReturnType<TestApp['newUser']>>;

  beforeAll(async () => {
    fake = await startFakeOpenRouter();
    t = await startTestApp({
      OPENROUTER_API_KEY: fake.apiKey,
      OPENROUTER_BASE_URL: fake.baseUrl,
      OPENAI_COMPATIBLE_BASE_URL: await refusingBaseUrl(),
    });
    await t.app.get(ModelsService).initialSync;
    admin = await t.newUser('Admin');
    member = await t.newUser('Member');
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('hides every admin route from other users behind the unknown-route answer', async () => {
    for (const [method, path, body] of ADMIN_ROUTES) {
      const res = await call(t.baseUrl, method, path, { token: member.client.accessToken!, body });
      expect({ route: `${method} ${path}`, status: res.status, body: res.body }).toEqual({ route: `${method} ${path}`, status: 404, body: NOT_FOUND });
      expect((await call(t.baseUrl, method, path, { body })).status).toBe(401);
    }
    const key = await admin.client.createApiKey('not for admin');
    expect((await call(t.baseUrl, 'GET', '/admin/users', { token: key.secret })).status).toBe(401);
    expect((await admin.client.account()).isAdmin).toBe(true);
    expect((await member.client.account()).isAdmin).toBe(false);
  });

  describe('models', () => {
    it('lists the whole catalog, inactive models included, with sync times', async () => {
      const { items } = await admin.client.adminModels();
      expect(items.find((m) => m.id === 'builtin/echo')).toMatchObject({ provider: 'builtin', isActive: true });
      const mini = items.find((m) => m.id === 'openai/gpt-4o-mini')!;
      expect(mini).toMatchObject({ provider: 'openrouter', isDefault: true, pricingInput: 0.15 });
      expect(new Date(mini.syncedAt!).getTime()).toBeGreaterThan(Date.now() - 60_000);
      const filtered = await admin.client.adminModels({ q: 'gpt-4o-MINI', provider: 'openrouter' });
      expect(filtered.items.map((m) => m.id)).toContain('openai/gpt-4o-mini');
      expect(filtered.items.every((m) => m.provider === 'openrouter')).toBe(true);
    });

    it('disables a model: it leaves the users’ list at once and cannot be chosen', async () => {
      const target = (await admin.client.models()).items.find((m) => m.provider === 'openrouter' && !m.isDefault)!;
      const updated = await admin.client.adminUpdateModel(target.id, { isActive: false });
      expect(updated).toMatchObject({ id: target.id, isActive: false });
      expect((await member.client.models()).items.map((m) => m.id)).not.toContain(target.id);
      expect((await admin.client.adminModels({ active: false })).items.map((m) => m.id)).toContain(target.id);
      const refused = await call(t.baseUrl, 'POST', '/conversations', { token: member.client.accessToken!, body: { modelId: target.id } });
      expect(refused.body.error.code).toBe('MODEL_UNAVAILABLE');

      await admin.client.adminUpdateModel(target.id, { isActive: true });
      expect((await member.client.models()).items.map((m) => m.id)).toContain(target.id);
    });

    it('sets the default model; the default cannot be disabled', async () => {
      const updated = await admin.client.adminUpdateModel('builtin/echo', { isDefault: true });
      expect(updated.isDefault).toBe(true);
      const models = (await member.client.models()).items;
      expect(models.filter((m) => m.isDefault).map((m) => m.id)).toEqual(['builtin/echo']);
      expect((await member.client.createConversation()).modelId).toBe('builtin/echo');

      const disableDefault = await call(t.baseUrl, 'PATCH', '/admin/models/builtin%2Fecho', { token: admin.client.accessToken!, body: { isActive: false } });
      expect(disableDefault.status).toBe(400);
      const unsetDefault = await call(t.baseUrl, 'PATCH', '/admin/models/builtin%2Fecho', { token: admin.client.accessToken!, body: { isDefault: false } });
      expect(unsetDefault.status).toBe(400);
      const unknown = await call(t.baseUrl, 'PATCH', '/admin/models/acme%2Fnope', { token: admin.client.accessToken!, body: { isActive: true } });
      expect(unknown.status).toBe(404);
      const empty = await call(t.baseUrl, 'PATCH', '/admin/models/builtin%2Fecho', { token: admin.client.accessToken!, body: {} });
      expect(empty.status).toBe(400);

      await admin.client.adminUpdateModel('openai/gpt-4o-mini', { isDefault: true });
      expect((await member.client.models()).items.find((m) => m.isDefault)!.id).toBe('openai/gpt-4o-mini');
    });

    it('syncs the catalog now, streaming each provider’s progress, failures included', async () => {
      const events: ModelSyncEvent[] = [];
      const done = await admin.client.adminSyncModels((e) => events.push(e));
      expect(events.map((e) => e.type)).toEqual(['sync-start', 'provider-start', 'provider-done', 'provider-start', 'provider-failed', 'sync-done']);
      expect(events[0]).toEqual({ type: 'sync-start', providers: ['openrouter', 'openai-compatible'] });
      expect(done.results).toEqual([
        { provider: 'openrouter', ok: true, synced: expect.any(Number) },
        { provider: 'openai-compatible', ok: false, synced: 0, error: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }) },
      ]);
      expect(done.results[0].synced).toBeGreaterThan(1);

      const json = await call(t.baseUrl, 'POST', '/admin/models/sync', { token: admin.client.accessToken!, headers: { accept: 'application/json' } });
      expect(json.status).toBe(200);
      expect(json.body).toMatchObject({ type: 'sync-done', results: [{ provider: 'openrouter', ok: true }, { provider: 'openai-compatible', ok: false }] });
    });
  });

  describe('users', () => {
    it('lists accounts with search, last activity, messages and spend this month', async () => {
      const ann = await t.newUser('Ann Searchable');
      await echo(ann.client, 'first');
      await echo(ann.client, 'second');
      const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1) - 86_400_000);
      await t.database.db.insert(usageLogs).values([
        { userId: ann.userId, modelId: 'openai/gpt-4o-mini', promptTokens: 10, completionTokens: 20, costUsd: 1.25 },
        { userId: ann.userId, modelId: 'openai/gpt-4o-mini', promptTokens: 1, completionTokens: 1, costUsd: 5, createdAt: lastMonth },
      ]);

      const page = await admin.client.adminUsers({ q: 'searchABLE' });
      expect(page).toMatchObject({ total: 1, limit: 50, offset: 0 });
      expect(page.items[0]).toMatchObject({
        id: ann.userId,
        email: ann.email,
        name: 'Ann Searchable',
        disabledAt: null,
        isAdmin: false,
        monthlySpendLimitUsd: null,
        messagesThisMonth: 2,
        spendThisMonthUsd: 1.25,
      });
      expect(new Date(page.items[0].lastActiveAt!).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect((await admin.client.adminUsers({ q: ann.email })).items.map((u) => u.id)).toEqual([ann.userId]);

      const everyone = await admin.client.adminUsers({ limit: 2, sort: 'newest' });
      expect(everyone.items).toHaveLength(2);
      expect(everyone.total).toBeGreaterThanOrEqual(3);
      const first = await admin.client.adminUser(admin.userId);
      expect(first.isAdmin).toBe(true);
      const bySpend = await admin.client.adminUsers({ sort: 'spend', limit: 1 });
      expect(bySpend.items[0].id).toBe(ann.userId);
      const byEmail = await admin.client.adminUsers({ sort: 'email', limit: 100 });
      const emails = byEmail.items.map((u) => u.email.toLowerCase());
      expect(emails).toEqual([...emails].sort());
      expect((await call(t.baseUrl, 'GET', '/admin/users?limit=1000', { token: admin.client.accessToken! })).status).toBe(400);
    });

    it('disables an account: tokens, sign-in and refresh are refused until it is enabled again', async () => {
      const { client, userId, email, password } = await t.newUser();
      const refreshToken = (await t.client().login({ email, password })).refreshToken;
      const token = client.accessToken!;

      const disabled = await admin.client.adminUpdateUser(userId, { disabled: true });
      expect(disabled.disabledAt).not.toBeNull();

      const refused = await call(t.baseUrl, 'GET', '/conversations', { token });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toEqual({ code: 'FORBIDDEN', message: 'This account has been disabled by an administrator', details: { reason: 'account-disabled' } });
      const login = await call(t.baseUrl, 'POST', '/auth/login', { body: { email, password } });
      expect(login.status).toBe(403);
      expect(login.body.error.details).toEqual({ reason: 'account-disabled' });
      // A wrong password learns nothing about the account.
      const guess = await call(t.baseUrl, 'POST', '/auth/login', { body: { email, password: 'wrong guess' } });
      expect(guess.status).toBe(401);
      expect((await call(t.baseUrl, 'POST', '/auth/refresh', { body: { refreshToken } })).status).toBe(403);

      const again = await admin.client.adminUpdateUser(userId, { disabled: false });
      expect(again.disabledAt).toBeNull();
      // Disabling signed it out everywhere; signing in works again.
      expect((await call(t.baseUrl, 'POST', '/auth/refresh', { body: { refreshToken } })).status).toBe(401);
      expect((await call(t.baseUrl, 'POST', '/auth/login', { body: { email, password } })).status).toBe(200);
    });

    it('does not let an admin disable their own account', async () => {
      const res = await call(t.baseUrl, 'PATCH', `/admin/users/${admin.userId}`, { token: admin.client.accessToken!, body: { disabled: true } });
      expect(res.status).toBe(400);
      expect((await admin.client.account()).isAdmin).toBe(true);
      expect((await call(t.baseUrl, 'PATCH', '/admin/users/no-such-user', { token: admin.client.accessToken!, body: { disabled: true } })).status).toBe(404);
    });

    it('enforces a monthly spending limit on chat and on the OpenAI-compatible API', async () => {
      const { client, userId } = await t.newUser();
      const key = await client.createApiKey('script');
      const conversation = await client.createConversation({ modelId: 'builtin/echo', title: 'limited' });
      await t.database.db.insert(usageLogs).values({ userId, modelId: 'openai/gpt-4o-mini', costUsd: 2.5 });

      const limited = await admin.client.adminUpdateUser(userId, { monthlySpendLimitUsd: 2 });
      expect(limited).toMatchObject({ monthlySpendLimitUsd: 2, spendThisMonthUsd: 2.5 });
      expect((await client.account()).monthlySpendLimitUsd).toBe(2);

      const send = await call(t.baseUrl, 'POST', `/conversations/${conversation.id}/messages`, {
        token: client.accessToken!,
        body: { content: 'over the limit' },
        headers: { accept: 'application/json' },
      });
      expect(send.status).toBe(402);
      expect(send.body.error).toMatchObject({ code: 'SPEND_LIMIT_REACHED', details: { limitUsd: 2, spentUsd: 2.5 } });
      expect(send.body.error.details.resetsAt).toMatch(/^\d{4}-\d{2}-01T00:00:00.000Z$/);
      // Nothing was accepted, so nothing was stored.
      expect((await client.listMessages(conversation.id)).items).toEqual([]);
      const api = await call(t.baseUrl, 'POST', '/chat/completions', {
        token: key.secret,
        body: { model: 'builtin/echo', messages: [{ role: 'user', content: 'hi' }], stream: true },
      });
      expect(api.status).toBe(402);
      expect(api.body.error.code).toBe('SPEND_LIMIT_REACHED');

      await admin.client.adminUpdateUser(userId, { monthlySpendLimitUsd: 10 });
      const allowed = await client.sendMessage(conversation.id, { content: 'under the limit now' });
      expect((allowed as SentMessages).assistantMessages).toHaveLength(1);

      await admin.client.adminUpdateUser(userId, { monthlySpendLimitUsd: null });
      expect((await admin.client.adminUser(userId)).monthlySpendLimitUsd).toBeNull();
      const negative = await call(t.baseUrl, 'PATCH', `/admin/users/${userId}`, { token: admin.client.accessToken!, body: { monthlySpendLimitUsd: -1 } });
      expect(negative.status).toBe(400);
    });
  });

  it('reports usage across all users by day, by model and by both', async () => {
    const a = await t.newUser('Usage A');
    const b = await t.newUser('Usage B');
    const day1 = new Date('2026-03-01T10:00:00Z');
    const day2 = new Date('2026-03-02T23:30:00Z');
    await t.database.db.insert(usageLogs).values([
      { userId: a.userId, modelId: 'openai/gpt-4o-mini', promptTokens: 100, completionTokens: 50, costUsd: 0.5, createdAt: day1 },
      { userId: b.userId, modelId: 'openai/gpt-4o-mini', promptTokens: 10, completionTokens: 5, costUsd: 0.25, createdAt: day1 },
      { userId: b.userId, modelId: 'builtin/echo', promptTokens: 1, completionTokens: 2, costUsd: 0, createdAt: day2 },
      { userId: 'external-issuer-sub', modelId: 'builtin/echo', promptTokens: 3, completionTokens: 4, costUsd: 0, createdAt: day2 },
    ]);
    const usage = await admin.client.adminUsage({ from: '2026-03-01', to: '2026-03-02' });
    expect(usage).toMatchObject({
      from: '2026-03-01',
      to: '2026-03-02',
      totals: { promptTokens: 114, completionTokens: 61, costUsd: 0.75, generations: 4 },
      activeUsers: 3,
    });
    expect(usage.byDay).toEqual([
      { day: '2026-03-01', promptTokens: 110, completionTokens: 55, costUsd: 0.75, generations: 2 },
      { day: '2026-03-02', promptTokens: 4, completionTokens: 6, costUsd: 0, generations: 2 },
    ]);
    expect(usage.byModel.map((m) => [m.modelId, m.generations])).toEqual([
      ['openai/gpt-4o-mini', 2],
      ['builtin/echo', 2],
    ]);
    expect(usage.byDayAndModel).toEqual([
      { day: '2026-03-01', modelId: 'openai/gpt-4o-mini', promptTokens: 110, completionTokens: 55, costUsd: 0.75, generations: 2 },
      { day: '2026-03-02', modelId: 'builtin/echo', promptTokens: 4, completionTokens: 6, costUsd: 0, generations: 2 },
    ]);
    expect(usage.topUsers[0]).toMatchObject({ userId: a.userId, email: a.email, name: 'Usage A', costUsd: 0.5 });
    expect(usage.topUsers.find((u) => u.userId === 'external-issuer-sub')).toMatchObject({ email: null, name: null });
    const bad = await call(t.baseUrl, 'GET', '/admin/usage?from=2026-03-05&to=2026-03-01', { token: admin.client.accessToken! });
    expect(bad.status).toBe(400);
  });
});

describe('administration with ADMIN_EMAILS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_EMAILS: 'Boss@Example.com, ops@example.com' }, { usePostgres: false });
  });
  afterAll(() => t.close());

  it('makes exactly the listed accounts admins, not the first one', async () => {
    const first = await t.newUser();
    const boss = t.client();
    await boss.register({ email: 'boss@example.com', password: 'the boss password', name: 'Boss' });
    expect((await call(t.baseUrl, 'GET', '/admin/users', { token: first.client.accessToken! })).body).toEqual(NOT_FOUND);
    const users = await boss.adminUsers({ sort: 'email' });
    expect(users.items.find((u) => u.email === 'boss@example.com')!.isAdmin).toBe(true);
    expect(users.items.find((u) => u.id === first.userId)!.isAdmin).toBe(false);
  });
});
