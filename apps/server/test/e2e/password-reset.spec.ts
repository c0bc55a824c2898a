import { Writable } from 'node:stream';
import { SMTPServer } from 'smtp-server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { passwordResets } from '../../src/db/schema';
import { call, startTestApp, type TestApp } from '../support/app';

interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that wants a login, keeping what it receives. */
async function startMailbox(): Promise<{ port: number; mails: ReceivedMail[]; logins: string[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    secure: false,
    // Loopback only: no TLS to offer, and plain login over it is what the test wants to see.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'mailer' && auth.password === 's3cret') {
        logins.push(auth.username);
        return callback(null, { user: auth.username });
      }
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, mails, logins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Undoes quoted-printable soft line breaks and escapes, enough to read a link out of the text part. */
const decodeQuotedPrintable = (s: string) =>
  s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

function resetLinkIn(mail: ReceivedMail): URL {
  const match = decodeQuotedPrintable(mail.raw).match(/https?:\/\/\S+\/reset-password\?token=[\w-]+/);
  if (!match) throw new Error(`no reset link in:\n${mail.raw}`);
  return new URL(match[0]);
}

async function nextMail(mails: ReceivedMail[], count: number, timeoutMs = 5_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  while (mails.length < count) {
    if (Date.now() > deadline) throw new Error(`expected mail #${count}, got ${mails.length}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return mails[count - 1];
}

describe('password reset by email (real SMTP server on loopback)', () => {
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let t: TestApp;

  beforeAll(async () => {
    mailbox = await startMailbox();
    t = await startTestApp({
      SMTP_URL: `smtp://mailer:s3cret@127.0.0.1:${mailbox.port}`,
      MAIL_FROM: 'Mana Chat <no-reply@mana.test>',
      APP_URL: 'https://chat.mana.test',
    });
  });
  afterAll(async () => {
    await t.close();
    await mailbox.close();
  });
  beforeEach(() => {
    mailbox.mails.length = 0;
  });

  it('mails a single-use link that sets a new password and ends every session', async () => {
    const { client, email, password } = await t.newUser('Ada');
    const otherDevice = await t.client().login({ email, password });

    const asked = await call(t.baseUrl, 'POST', '/auth/forgot-password', { body: { email: email.toUpperCase() } });
    expect(asked.status).toBe(204);
    const mail = await nextMail(mailbox.mails, 1);
    expect(mailbox.logins).toContain('mailer');
    expect(mail.from).toBe('no-reply@mana.test');
    expect(mail.to).toEqual([email]);
    expect(mail.raw).toMatch(/^Subject: Reset your Mana Chat password/m);
    const link = resetLinkIn(mail);
    expect(link.origin + link.pathname).toBe('https://chat.mana.test/reset-password');
    const token = link.searchParams.get('token')!;

    const reset = await call(t.baseUrl, 'POST', '/auth/reset-password', { body: { token, password: 'a brand new passphrase' } });
    expect(reset.status).toBe(204);

    // The old password is gone, the new one works.
    expect((await call(t.baseUrl, 'POST', '/auth/login', { body: { email, password } })).status).toBe(401);
    expect((await call(t.baseUrl, 'POST', '/auth/login', { body: { email, password: 'a brand new passphrase' } })).status).toBe(200);
    // Every earlier session is over: refresh tokens and access tokens alike.
    expect((await call(t.baseUrl, 'POST', '/auth/refresh', { body: { refreshToken: otherDevice.refreshToken } })).status).toBe(401);
    expect((await call(t.baseUrl, 'GET', '/conversations', { token: client.accessToken! })).status).toBe(401);
    expect((await call(t.baseUrl, 'GET', '/conversations', { token: otherDevice.accessToken })).status).toBe(401);

    // The link works once.
    const again = await call(t.baseUrl, 'POST', '/auth/reset-password', { body: { token, password: 'yet another passphrase' } });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ code: 'VALIDATION', details: { fields: [{ path: 'token' }] } });
  });

  it('answers an unknown email exactly like a known one, and sends nothing', async () => {
    const { email } = await t.newUser();
    const known = await call(t.baseUrl, 'POST', '/auth/forgot-password', { body: { email } });
    const unknown = await call(t.baseUrl, 'POST', '/auth/forgot-password', { body: { email: 'nobody-here@example.com' } });
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    expect(unknown.headers.get('content-type')).toBe(known.headers.get('content-type'));
    await nextMail(mailbox.mails, 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(mailbox.mails.map((m) => m.to[0])).toEqual([email]);
  });

  it('writes the email in German when asked', async () => {
    const { email } = await t.newUser('Grete');
    await call(t.baseUrl, 'POST', '/auth/forgot-password', { body: { email, locale: 'de' } });
    const mail = await nextMail(mailbox.mails, 1);
    expect(decodeQuotedPrintable(mail.raw)).toContain('Hallo Grete');
  });

  it('honours only the newest link', async () => {
    const { email } = await t.newUser();
    await call(t.baseUrl, 'POST', '/auth/forgot-password', { body: { email } });
    const first = resetLinkIn(await nextMail(mailbox.mails, 1)).searchParams.get('token')!;
    await call(t.baseUrl, 'POST', '/auth/forgot-password', { body: { email } });
    const second = resetLinkIn(await nextMail(mailbox.mails, 2)).searchParams.get('token')!;
    expect(second).not.toBe(first);
    expect((await call(t.baseUrl, 'POST', '/auth/reset-password', { body: { token: first, password: 'new password 1' } })).status).toBe(400);
    expect((await call(t.baseUrl, 'POST', '/auth/reset-password', { body: { token: second, password: 'new password 2' } })).status).toBe(204);
  });

  it('refuses an expired link', async () => {
    const { email, userId } = await t.newUser();
    await call(t.baseUrl, 'POST', '/auth/forgot-password', { body: { email } });
    const token = resetLinkIn(await nextMail(mailbox.mails, 1)).searchParams.get('token')!;
    // 30 minutes pass.
    await t.database.db
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(passwordResets.userId, userId));
    const late = await call(t.baseUrl, 'POST', '/auth/reset-password', { body: { token, password: 'too late now' } });
    expect(late.status).toBe(400);
    expect((await call(t.baseUrl, 'POST', '/auth/login', { body: { email, password: 'too late now' } })).status).toBe(401);
  });

  it('stores only a hash of the token, valid for 30 minutes', async () => {
    const { email, userId } = await t.newUser();
    const before = Date.now();
    await call(t.baseUrl, 'POST', '/auth/forgot-password', { body: { email } });
    const token = resetLinkIn(await nextMail(mailbox.mails, 1)).searchParams.get('token')!;
    const [row] = await t.database.db.select().from(passwordResets).where(eq(passwordResets.userId, userId));
    expect(row.tokenHash).not.toContain(token);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const minutes = (row.expiresAt.getTime() - before) / 60_000;
    expect(minutes).toBeGreaterThan(29.9);
    expect(minutes).toBeLessThan(30.1);
  });

  it('rejects a made-up token and a weak new password', async () => {
    const bogus = await call(t.baseUrl, 'POST', '/auth/reset-password', { body: { token: 'not-a-real-token', password: 'long enough password' } });
    expect(bogus.status).toBe(400);
    const weak = await call(t.baseUrl, 'POST', '/auth/reset-password', { body: { token: 'x', password: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.fields[0].path).toBe('password');
  });
});

describe('password reset limits', () => {
  it('limits requests per email, the same for addresses with and without an account', async () => {
    const t = await startTestApp({ FORGOT_PASSWORD_LIMIT_PER_EMAIL: '2', LOG_LEVEL: 'silent' }, { usePostgres: false });
    try {
      const { email } = await t.newUser();
      for (const address of [email, 'ghost@example.com']) {
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) statuses.push((await call(t.baseUrl, 'POST', '/auth/forgot-password', { body: { email: address } })).status);
        expect(statuses).toEqual([204, 204, 429]);
      }
    } finally {
      await t.close();
    }
  });

  it('limits requests per IP', async () => {
    const t = await startTestApp({ FORGOT_PASSWORD_LIMIT_PER_IP: '3' }, { usePostgres: false });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(t.baseUrl, 'POST', '/auth/forgot-password', { body: { email: `ip${i}@example.com` } })).status);
      expect(statuses).toEqual([204, 204, 204, 429]);
    } finally {
      await t.close();
    }
  });
});

describe('password reset without SMTP_URL', () => {
  it('writes the link to the server log at warn level instead', async () => {
    const lines: string[] = [];
    const logs = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const t = await startTestApp({ LOG_LEVEL: 'warn', APP_URL: 'http://127.0.0.1:5173/' }, { usePostgres: false, logs });
    try {
      const { email, password } = await t.newUser();
      expect((await call(t.baseUrl, 'POST', '/auth/forgot-password', { body: { email } })).status).toBe(204);
      let entry: { level: number; resetLink: string; email: string } | undefined;
      for (let i = 0; i < 100 && !entry; i++) {
        entry = lines.map((l) => JSON.parse(l)).find((l) => l.resetLink);
        if (!entry) await new Promise((r) => setTimeout(r, 20));
      }
      expect(entry).toMatchObject({ level: 40, email });
      const link = new URL(entry!.resetLink);
      expect(link.origin + link.pathname).toBe('http://127.0.0.1:5173/reset-password');
      const token = link.searchParams.get('token')!;
      expect((await call(t.baseUrl, 'POST', '/auth/reset-password', { body: { token, password: 'from the log file' } })).status).toBe(204);
      expect((await call(t.baseUrl, 'POST', '/auth/login', { body: { email, password } })).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});
