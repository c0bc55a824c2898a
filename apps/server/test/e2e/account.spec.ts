import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountExportSchema, type Message } from '@mana/contracts';
import { ManaClient } from '@mana/client';
import * as schema from '../../src/db/schema';
import { AccountDataRepository, DeletionConflict } from '../../src/modules/account/account-data.repository';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/common/logger';
import { loadConfig } from '../../src/config/config';
import { call, startTestApp, type TestApp } from '../support/app';
import { createTestPostgres } from '../support/postgres';
import { waitForFinal } from '../support/chat';

type Database = TestApp['database']['db'];

/** Every table of the schema, and each column that could hold an id or an email. */
function textColumns() {
  return (Object.values(schema) as unknown[])
    .filter((value) => value instanceof PgTable)
    .map((table) => {
      const config = getTableConfig(table as PgTable);
      return {
        table: config.name,
        columns: config.columns.filter((c) => ['string', 'json'].includes(c.dataType)).map((c) => ({ name: c.name, json: c.dataType === 'json' })),
      };
    });
}

/** Where in the whole database a value still appears: `table.column` for each hit. */
async function placesHolding(db: Database, value: string): Promise<string[]> {
  const hits: string[] = [];
  for (const { table, columns } of textColumns()) {
    for (const column of columns) {
      const test = column.json
        ? sql`position(${value} in ${sql.identifier(column.name)}::text) > 0`
        : sql`${sql.identifier(column.name)}::text = ${value}`;
      const result = (await db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where ${test}`)) as unknown as {
        rows: { n: number }[];
      };
      if (Number(result.rows[0].n) > 0) hits.push(`${table}.${column.name}`);
    }
  }
  return hits;
}

/** Sends a message to the offline model and waits for the stored reply. */
async function chat(client: ManaClient, conversationId: string, content: string): Promise<Message> {
  const sent = await client.sendMessage(conversationId, { content });
  return waitForFinal(client, sent.assistantMessages[0].id);
}

describe('my account', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('shows the profile and changes the name', async () => {
    const { client, email, userId } = await t.newUser('Ada');
    expect(await client.account()).toMatchObject({ id: userId, email, name: 'Ada', external: false, monthlySpendLimitUsd: null, spendThisMonthUsd: 0 });
    expect(await client.updateProfile({ name: '  Ada Lovelace ' })).toMatchObject({ name: 'Ada Lovelace' });
    expect((await client.me()).name).toBe('Ada Lovelace');
    const empty = await call(t.baseUrl, 'PATCH', '/account', { token: client.accessToken!, body: { name: ' ' } });
    expect(empty.status).toBe(400);
  });

  it('changes the email only with the right password, and never to a taken one', async () => {
    const { client, password } = await t.newUser();
    const other = await t.newUser();
    const wrong = await call(t.baseUrl, 'PUT', '/account/email', { token: client.accessToken!, body: { email: 'new@example.com', password: 'not it at all' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.fields).toEqual([{ path: 'password', message: 'is wrong' }]);
    const taken = await call(t.baseUrl, 'PUT', '/account/email', { token: client.accessToken!, body: { email: other.email.toUpperCase(), password } });
    expect(taken.status).toBe(409);

    const fresh = `renamed-${Date.now()}@example.com`;
    expect(await client.changeEmail({ email: fresh, password })).toMatchObject({ email: fresh });
    expect((await call(t.baseUrl, 'POST', '/auth/login', { body: { email: fresh, password } })).status).toBe(200);
  });

  it('changes the password, ending every other session but keeping this one', async () => {
    const { client, email, password } = await t.newUser();
    const laptop = await t.client().login({ email, password });

    const wrong = await call(t.baseUrl, 'PUT', '/account/password', {
      token: client.accessToken!,
      body: { currentPassword: 'guess guess', newPassword: 'another passphrase' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.fields[0].path).toBe('currentPassword');

    await client.changePassword({ currentPassword: password, newPassword: 'another passphrase' });
    // The laptop is signed out: its refresh token and its access token are refused.
    expect((await call(t.baseUrl, 'POST', '/auth/refresh', { body: { refreshToken: laptop.refreshToken } })).status).toBe(401);
    const laptopCall = await call(t.baseUrl, 'GET', '/conversations', { token: laptop.accessToken });
    expect(laptopCall.status).toBe(401);
    // This device carries on, also after a refresh.
    expect((await client.account()).email).toBe(email);
    expect(await client.refreshSession()).toBe(true);
    expect((await client.account()).email).toBe(email);

    expect((await call(t.baseUrl, 'POST', '/auth/login', { body: { email, password } })).status).toBe(401);
    expect((await call(t.baseUrl, 'POST', '/auth/login', { body: { email, password: 'another passphrase' } })).status).toBe(200);
  });

  it('lists sessions with the current one marked, and revokes one or all others', async () => {
    const { client, email, password } = await t.newUser();
    const phone = new ManaClient({ baseUrl: t.baseUrl, fetch: (url, init) => fetch(url, { ...init, headers: { ...(init?.headers as object), 'user-agent': 'ManaPhone/1.0' } }) });
    await phone.login({ email, password });
    const tablet = await t.client().login({ email, password });

    const { items } = await client.listSessions();
    expect(items).toHaveLength(3);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    const phoneSession = items.find((s) => s.userAgent === 'ManaPhone/1.0')!;
    expect(phoneSession).toMatchObject({ current: false, ip: '127.0.0.1' });
    expect(new Date(phoneSession.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    // A refresh continues the same session (it is not a new one).
    await phone.refreshSession();
    const afterRefresh = (await client.listSessions()).items;
    expect(afterRefresh).toHaveLength(3);
    expect(new Date(afterRefresh.find((s) => s.id === phoneSession.id)!.lastUsedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(phoneSession.lastUsedAt).getTime(),
    );

    await client.revokeSession(phoneSession.id);
    await expect(phone.account()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(phone.isSignedIn).toBe(false);
    expect((await client.listSessions()).items).toHaveLength(2);

    expect(await client.revokeOtherSessions()).toEqual({ revoked: 1 });
    expect((await call(t.baseUrl, 'GET', '/account', { token: tablet.accessToken })).status).toBe(401);
    const left = (await client.listSessions()).items;
    expect(left).toHaveLength(1);
    expect(left[0].current).toBe(true);
  });

  it("answers 404 for an unknown session or someone else's", async () => {
    const a = await t.newUser();
    const b = await t.newUser();
    const bSession = (await b.client.listSessions()).items[0].id;
    const foreign = await call(t.baseUrl, 'DELETE', `/account/sessions/${bSession}`, { token: a.client.accessToken! });
    expect(foreign.status).toBe(404);
    expect((await b.client.listSessions()).items).toHaveLength(1);
    expect((await call(t.baseUrl, 'DELETE', '/account/sessions/00000000-0000-4000-8000-000000000000', { token: a.client.accessToken! })).status).toBe(404);
  });

  it('refuses personal API keys on account routes', async () => {
    const { client } = await t.newUser();
    const key = await client.createApiKey('script');
    expect((await call(t.baseUrl, 'GET', '/account', { token: key.secret })).status).toBe(401);
    expect((await call(t.baseUrl, 'GET', '/account/export', { token: key.secret })).status).toBe(401);
  });

  it('exports everything as one versioned JSON file: every branch, templates, usage, key metadata, spaces', async () => {
    const { client, userId, email } = await t.newUser('Exporter');
    const conversation = await client.createConversation({ title: 'Exported chat' });
    const first = await chat(client, conversation.id, 'Hello there');
    const regenerated = await client.regenerate(first.id);
    await waitForFinal(client, regenerated.assistantMessages[0].id);
    await chat(client, conversation.id, 'Second question');
    await client.createTemplate({ name: 'Poet', systemPrompt: 'Answer in verse.' });
    const key = await client.createApiKey('laptop');
    const space = (await call(t.baseUrl, 'POST', '/spaces', { token: client.accessToken!, body: { name: 'Team' } })).body;

    const response = await client.raw('GET', '/account/export');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="mana-chat-export-\d{4}-\d{2}-\d{2}\.json"$/);
    const text = await response.text();
    const data = accountExportSchema.parse(JSON.parse(text));

    expect(data).toMatchObject({ format: 'mana-chat-export', version: 1, user: { id: userId, email, name: 'Exporter' } });
    expect(data.conversations).toHaveLength(1);
    const exported = data.conversations[0];
    expect(exported.title).toBe('Exported chat');
    // Two user messages, three replies (one regenerated beside the first): both branches are there.
    expect(exported.messages.map((m) => m.role).sort()).toEqual(['assistant', 'assistant', 'assistant', 'user', 'user']);
    const siblings = exported.messages.filter((m) => m.parentId === first.parentId && m.role === 'assistant');
    expect(siblings.map((m) => m.id).sort()).toEqual([first.id, regenerated.assistantMessages[0].id].sort());
    expect(exported.activeLeafId).toBe(exported.messages.at(-1)!.id);
    expect(data.templates.map((tpl) => tpl.name)).toEqual(['Poet']);
    expect(data.usage).toHaveLength(3);
    expect(data.usage.every((u) => u.modelId === 'builtin/echo')).toBe(true);
    expect(data.apiKeys).toEqual([expect.objectContaining({ id: key.id, name: 'laptop', prefix: key.prefix })]);
    expect(text).not.toContain(key.secret);
    expect(text).not.toMatch(/"hash"|passwordHash|tokenHash/);
    expect(data.spaces).toEqual([expect.objectContaining({ id: space.id, name: 'Team', owned: true, role: 'owner' })]);
  });

  it("never exports another user's data", async () => {
    const owner = await t.newUser();
    const conversation = await owner.client.createConversation({ title: 'Private' });
    await chat(owner.client, conversation.id, 'secret words');
    const other = await t.newUser();
    const data = await other.client.exportAccount();
    expect(data.conversations).toEqual([]);
    expect(data.usage).toEqual([]);
    expect(JSON.stringify(data)).not.toContain('secret words');
  });
});

describe('deleting my account', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const post = (token: string, path: string, body?: unknown) => call(t.baseUrl, 'POST', path, { token, body });

  it('asks for the email, the password and a decision for every owned space', async () => {
    const { client, email, password } = await t.newUser();
    const token = client.accessToken!;
    const space = (await post(token, '/spaces', { name: 'Mine' })).body;

    const preview = await client.deletionPreview();
    expect(preview).toMatchObject({ confirmWith: email, requiresPassword: true, ownedSpaces: [{ id: space.id, name: 'Mine', candidates: [] }] });

    const wrongConfirm = await post(token, '/account/delete', { confirm: 'someone@else.com', password, ownedSpaces: [] });
    expect(wrongConfirm.status).toBe(400);
    expect(wrongConfirm.body.error.details.fields[0].path).toBe('confirm');
    const noPassword = await post(token, '/account/delete', { confirm: email });
    expect(noPassword.body.error.details.fields[0]).toEqual({ path: 'password', message: 'is required' });
    const wrongPassword = await post(token, '/account/delete', { confirm: email, password: 'nope nope' });
    expect(wrongPassword.body.error.details.fields[0]).toEqual({ path: 'password', message: 'is wrong' });
    const undecided = await post(token, '/account/delete', { confirm: email, password });
    expect(undecided.status).toBe(400);
    expect(undecided.body.error.details.undecidedSpaceIds).toEqual([space.id]);
    const noHeir = await post(token, '/account/delete', {
      confirm: email,
      password,
      ownedSpaces: [{ spaceId: space.id, action: 'transfer', transferTo: 'somebody' }],
    });
    expect(noHeir.body.error.details.fields[0].path).toBe('ownedSpaces.0.transferTo');

    // Nothing was deleted by any of those.
    expect((await client.account()).email).toBe(email);
    expect((await call(t.baseUrl, 'GET', `/spaces/${space.id}`, { token })).status).toBe(200);
  });

  it("erases every row that names the user, from every table, and leaves everyone else's data alone", async () => {
    const carol = await t.newUser('Carol');
    const dave = await t.newUser('Dave');
    const eve = await t.newUser('Eve');
    const carolToken = carol.client.accessToken!;
    const daveToken = dave.client.accessToken!;

    // Carol chats (two branches), keeps a template, uses an API key through the OpenAI API, shares a chat.
    const conversation = await carol.client.createConversation({ title: 'Carol private' });
    const reply = await chat(carol.client, conversation.id, 'carol-secret-question');
    await waitForFinal(carol.client, (await carol.client.regenerate(reply.id)).assistantMessages[0].id);
    await carol.client.createTemplate({ name: 'Carol template', systemPrompt: 'Be Carol.' });
    const key = await carol.client.createApiKey('script');
    const completion = await call(t.baseUrl, 'POST', '/chat/completions', {
      token: key.secret,
      body: { model: 'builtin/echo', messages: [{ role: 'user', content: 'via the api' }] },
    });
    expect(completion.status).toBe(200);
    expect((await post(carolToken, `/conversations/${conversation.id}/share`)).status).toBeLessThan(300);
    await t.client().login({ email: carol.email, password: carol.password }); // a second session
    await call(t.baseUrl, 'POST', '/auth/forgot-password', { body: { email: carol.email } }); // a reset link

    // Spaces: Carol owns "Handed over" (Dave is a member) and "Goes away"; she is an admin in Dave's
    // space, where she started a conversation and invited Eve.
    const handedOver = (await post(carolToken, '/spaces', { name: 'Handed over' })).body;
    const goesAway = (await post(carolToken, '/spaces', { name: 'Goes away' })).body;
    expect((await post(carolToken, `/spaces/${handedOver.id}/invite`, { email: dave.email, role: 'member' })).status).toBe(202);
    await post(daveToken, `/spaces/${handedOver.id}/respond`, { accept: true });
    const davesSpace = (await post(daveToken, '/spaces', { name: 'Dave space' })).body;
    await post(daveToken, `/spaces/${davesSpace.id}/invite`, { email: carol.email, role: 'admin' });
    await post(carolToken, `/spaces/${davesSpace.id}/respond`, { accept: true });
    expect((await post(carolToken, `/spaces/${davesSpace.id}/invite`, { email: eve.email, role: 'viewer' })).status).toBe(202);
    const inDavesSpace = await carol.client.createConversation({ title: 'Carol in Dave space', spaceId: davesSpace.id });
    await chat(carol.client, inDavesSpace.id, 'carol in a shared space');

    // Dave has his own data that must survive.
    const davesChat = await dave.client.createConversation({ title: 'Dave keeps this' });
    await chat(dave.client, davesChat.id, 'dave-question');

    expect((await placesHolding(t.database.db, carol.userId)).length).toBeGreaterThan(5);

    const preview = await carol.client.deletionPreview();
    expect(preview.ownedSpaces.map((s) => s.name).sort()).toEqual(['Goes away', 'Handed over']);
    expect(preview.ownedSpaces.find((s) => s.id === handedOver.id)!.candidates).toEqual([
      { userId: dave.userId, name: 'Dave', email: dave.email, role: 'member' },
    ]);
    expect(preview.counts).toMatchObject({ conversations: 2, templates: 1, apiKeys: 1 });

    await carol.client.deleteAccount({
      confirm: carol.email.toUpperCase(),
      password: carol.password,
      ownedSpaces: [
        { spaceId: handedOver.id, action: 'transfer', transferTo: dave.userId },
        { spaceId: goesAway.id, action: 'delete' },
      ],
    });
    expect(carol.client.isSignedIn).toBe(false);

    // Gone from every table, every column.
    expect(await placesHolding(t.database.db, carol.userId)).toEqual([]);
    expect(await placesHolding(t.database.db, carol.email)).toEqual([]);
    const content = await t.database.db.execute(sql`select count(*)::int as n from messages where content like '%carol%'`);
    expect(Number((content as unknown as { rows: { n: number }[] }).rows[0].n)).toBe(0);

    // Her tokens and key are dead; she cannot sign in.
    expect((await call(t.baseUrl, 'GET', '/conversations', { token: carolToken })).status).toBe(401);
    expect((await call(t.baseUrl, 'POST', '/chat/completions', { token: key.secret, body: { model: 'builtin/echo', messages: [{ role: 'user', content: 'x' }] } })).status).toBe(401);
    expect((await call(t.baseUrl, 'POST', '/auth/login', { body: { email: carol.email, password: carol.password } })).status).toBe(401);

    // Dave owns the space she handed over; the deleted one is gone; his own chat is intact.
    const handed = await call(t.baseUrl, 'GET', `/spaces/${handedOver.id}`, { token: daveToken });
    expect(handed.body).toMatchObject({ ownerId: dave.userId, role: 'owner' });
    expect((await call(t.baseUrl, 'GET', `/spaces/${goesAway.id}`, { token: daveToken })).status).toBe(404);
    expect((await dave.client.listMessages(davesChat.id)).items).toHaveLength(2);
    expect((await dave.client.usage()).totals.generations).toBe(1);
    // Eve's invitation to Dave's space survives without its inviter.
    expect((await call(t.baseUrl, 'GET', '/spaces/invitations', { token: eve.client.accessToken! })).body).toMatchObject({
      items: [expect.objectContaining({ spaceId: davesSpace.id, invitedBy: null })],
    });
  });

  it('lets the email be registered again afterwards', async () => {
    const { client, email, password } = await t.newUser();
    await client.deleteAccount({ confirm: email, password });
    const again = await t.client().register({ email, password: 'a new beginning', name: 'Back again' });
    expect(again.user.name).toBe('Back again');
    expect((await new ManaClient({ baseUrl: t.baseUrl, tokens: again }).listConversations()).total).toBe(0);
  });

  it('leaves no usage row behind that was still waiting to be written when the account went', async () => {
    const { client, email, password, userId } = await t.newUser();
    const key = await client.createApiKey('last words');
    const completion = await call(t.baseUrl, 'POST', '/chat/completions', {
      token: key.secret,
      body: { model: 'builtin/echo', messages: [{ role: 'user', content: 'just before leaving' }] },
    });
    expect(completion.status).toBe(200);
    await client.deleteAccount({ confirm: email, password });
    // Longer than the usage batch's wait: a row written late would be here by now.
    await new Promise((r) => setTimeout(r, 600));
    expect(await placesHolding(t.database.db, userId)).toEqual([]);
  });

  it('cannot be done with an API key', async () => {
    const { client, email, password } = await t.newUser();
    const key = await client.createApiKey('k');
    const res = await call(t.baseUrl, 'POST', '/account/delete', { token: key.secret, body: { confirm: email, password } });
    expect(res.status).toBe(401);
    await expect(client.account()).resolves.toBeTruthy();
  });

  it('deletes in one transaction: a handover that fails midway leaves everything in place', async () => {
    const owner = await t.newUser();
    const conversation = await owner.client.createConversation({ title: 'Still here' });
    await chat(owner.client, conversation.id, 'kept');
    const space = (await post(owner.client.accessToken!, '/spaces', { name: 'Contested' })).body;
    // The heir left the space after the request was checked: the transaction finds no member to promote.
    const repository = t.app.get(AccountDataRepository);
    await expect(
      repository.deleteAccount({ userId: owner.userId, spaceHandovers: [{ spaceId: space.id, action: 'transfer', transferTo: 'gone-member' }] }),
    ).rejects.toBeInstanceOf(DeletionConflict);
    await expect(owner.client.account()).resolves.toMatchObject({ id: owner.userId });
    expect((await owner.client.listMessages(conversation.id)).items).toHaveLength(2);
    expect((await call(t.baseUrl, 'GET', `/spaces/${space.id}`, { token: owner.client.accessToken! })).status).toBe(200);
  });
});

const pgUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const sharedStore = Boolean(pgUrl && redisUrl) && process.env.MANA_TEST_DATABASE !== 'pglite';

describe.skipIf(!sharedStore)('sign-outs across replicas (one PostgreSQL, one Redis)', () => {
  let pg: { url: string; drop(): Promise<void> };
  const apps: Awaited<ReturnType<typeof createApp>>[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    pg = await createTestPostgres(pgUrl!);
    for (let i = 0; i < 2; i++) {
      const config = loadConfig({ LOG_LEVEL: 'silent', ECHO_DELAY_MS: '0', DATABASE_URL: pg.url, REDIS_URL: redisUrl! });
      const app = await createApp({ config, logger: createLogger('silent') });
      await app.listen({ port: 0, host: '127.0.0.1' });
      apps.push(app);
      urls.push(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`);
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await pg?.drop();
  });

  it('refuses a revoked session on the other replica at once, not after its cache expires', async () => {
    const onA = new ManaClient({ baseUrl: urls[0] });
    const email = `replica-${Date.now()}@example.com`;
    await onA.register({ email, password: 'one password here', name: 'R' });
    const laptop = await new ManaClient({ baseUrl: urls[1] }).login({ email, password: 'one password here' });
    // Replica B has seen (and cached) the laptop's session as live.
    expect((await call(urls[1], 'GET', '/account', { token: laptop.accessToken })).status).toBe(200);

    expect(await onA.revokeOtherSessions()).toEqual({ revoked: 1 });
    let status = 0;
    for (let i = 0; i < 50 && status !== 401; i++) {
      status = (await call(urls[1], 'GET', '/account', { token: laptop.accessToken })).status;
      if (status !== 401) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(401);
  });
});
