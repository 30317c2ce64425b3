import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { outboundCalls } from '../../test/metrics.ts';
import { type Device, injectTransport, RustDeskClient } from '../../test/rustdesk-client.ts';
import { SMTP_PASSWORD, SMTP_USER, type SmtpServer, startSmtpServer } from '../../test/smtp.ts';
import { selfSignedCertificate } from '../../test/tls-proxy.ts';
import type { EmailSettingsInput } from '../shared/email.ts';

let smtp: SmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(() => smtp?.stop());

const CODE = /\b(\d{6})\b/;
const PASSWORD = 'a-long-local-password-7';

describe.each(dialects())('email (%s)', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;

  const settings = (over: Partial<EmailSettingsInput> = {}): EmailSettingsInput => ({
    host: 'localhost',
    port: smtp.port,
    security: 'starttls',
    caPem: smtp.caPem,
    username: SMTP_USER,
    password: SMTP_PASSWORD,
    fromAddress: 'DeskGate <deskgate@example.org>',
    loginVerificationAll: false,
    ...over,
  });
  const saveSettings = (over: Partial<EmailSettingsInput> = {}) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/console/settings/email',
      headers: admin.headers,
      payload: settings(over),
    });
  const createUser = async (
    username: string,
    email: string,
    language: 'en' | 'ja' = 'en',
    loginVerification = false,
  ) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/console/users',
      headers: admin.headers,
      payload: { username, email, password: PASSWORD },
    });
    const id = (res.json() as { id: string }).id;
    await t.app.inject({
      method: 'PUT',
      url: `/api/console/users/${id}/mail-prefs`,
      headers: admin.headers,
      payload: { language, loginVerification },
    });
    return id;
  };
  const consoleLogin = (username: string, password = PASSWORD) =>
    t.app.inject({ method: 'POST', url: '/api/console/auth/login', payload: { username, password } });
  const clientLogin = (body: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { id: '123456789', uuid: 'dXVpZA==', autoLogin: true, deviceInfo: { os: 'linux' }, ...body },
    });
  const codeOf = (mail: { text?: string }) => CODE.exec(mail.text ?? '')?.[1] ?? '';
  const linkOf = (mail: { text?: string }) => /token=([^\s]+)/.exec(mail.text ?? '')?.[1] ?? '';

  beforeEach(async () => {
    t = await buildTestApp(dialect);
    admin = await signIn(t.app);
  });
  afterEach(() => t.close());

  it('offers nothing without SMTP: no reset, no invitation, no email code', async () => {
    expect((await t.app.inject({ url: '/api/console/auth/email-features' })).json()).toEqual({
      passwordReset: false,
    });
    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/password-reset',
      payload: { email: 'x@example.org' },
    });
    expect(reset.statusCode).toBe(409);
    expect(reset.json()).toMatchObject({ code: 'EMAIL_NOT_CONFIGURED' });
    const id = await createUser('nomail', 'nomail@example.org', 'en', true);
    const invite = await t.app.inject({
      method: 'POST',
      url: `/api/console/users/${id}/invite`,
      headers: admin.headers,
      payload: {},
    });
    expect(invite.statusCode).toBe(409);
    expect((await consoleLogin('nomail')).json()).toHaveProperty('user');
  });

  it('sends a test email over STARTTLS with AUTH, keeps the SMTP password write-only, and says why a send fails', async () => {
    expect((await saveSettings()).json()).toMatchObject({ configured: true, passwordSet: true });
    const read = await t.app.inject({ url: '/api/console/settings/email', headers: admin.headers });
    expect(read.body).not.toContain(SMTP_PASSWORD);
    const [sent, failed] = [await outboundCalls('smtp', 'success'), await outboundCalls('smtp', 'failure')];
    const test = await t.app.inject({
      method: 'POST',
      url: '/api/console/settings/email/test',
      headers: admin.headers,
      payload: { to: 'ops@example.org' },
    });
    expect(test.statusCode, test.body).toBe(200);
    const mail = await smtp.nextMail('ops@example.org');
    expect(mail.subject).toBe('DeskGate test email');
    expect(mail.html).toContain('Email is set up correctly');
    expect(await outboundCalls('smtp', 'success')).toBe(sent + 1);
    expect(await outboundCalls('smtp', 'failure')).toBe(failed);
    for (const [over, words] of [
      [{ password: 'wrong' }, /refused the user name or password/],
      [{ caPem: selfSignedCertificate('localhost').cert }, /not trusted/],
    ] as const) {
      await saveSettings(over);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/console/settings/email/test',
        headers: admin.headers,
        payload: { to: 'ops@example.org' },
      });
      expect(res.statusCode).toBe(502);
      expect(res.json()).toMatchObject({ code: 'EMAIL_FAILED', error: expect.stringMatching(words) });
    }
    expect(await outboundCalls('smtp', 'failure')).toBe(failed + 2);
  });

  it('with STARTTLS chosen, refuses to send the SMTP password to a server that does not offer STARTTLS', async () => {
    const downgraded = await startSmtpServer({ offerStartTls: false });
    try {
      await saveSettings({ port: downgraded.port });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/console/settings/email/test',
        headers: admin.headers,
        payload: { to: 'ops@example.org' },
      });
      expect(res.statusCode).toBe(502);
      expect(downgraded.mails).toEqual([]);
    } finally {
      await downgraded.stop();
    }
  });

  it('asks for an emailed code at console sign-in: single use, wrong codes refused, Japanese mail for a Japanese user', async () => {
    await saveSettings();
    await createUser('kenji', 'kenji@example.org', 'ja', true);
    const first = await consoleLogin('kenji');
    const { challenge, method } = (first.json() as { secondFactor: { challenge: string; method: string } })
      .secondFactor;
    expect(method).toBe('email');
    const mail = await smtp.nextMail('kenji@example.org');
    expect(mail.subject).toMatch(/^DeskGate 確認コード: \d{6}$/);
    expect(mail.text).toContain('有効期限は 10 分間');
    expect(mail.html).toContain('kenji さんのサインイン');
    const code = codeOf(mail);
    const answer = (c: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/console/auth/login/second-factor',
        payload: { challenge, code: c },
      });
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await answer(wrong)).statusCode).toBe(401);
    expect((await answer(code)).statusCode).toBe(200);
    expect((await answer(code)).json()).toMatchObject({ code: 'CHALLENGE_EXPIRED' });
  });

  it('asks every user when verification is on for all, and refuses a code after ten minutes', async () => {
    await saveSettings({ loginVerificationAll: true });
    await createUser('amy', 'amy@example.org');
    const { challenge } = ((await consoleLogin('amy')).json() as { secondFactor: { challenge: string } })
      .secondFactor;
    const mail = await smtp.nextMail('amy@example.org');
    expect(mail.subject).toMatch(/^DeskGate verification code: \d{6}$/);
    await t.db.kysely
      .updateTable('email_login_codes')
      .set({ expires_at: Date.now() - 1 })
      .execute();
    const late = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/login/second-factor',
      payload: { challenge, code: codeOf(mail) },
    });
    expect(late.statusCode).toBe(401);
  });

  it('fails closed when the code cannot be mailed: no session, no client token', async () => {
    await saveSettings({ loginVerificationAll: true, port: 1 });
    await createUser('fay', 'fay@example.org');
    const res = await consoleLogin('fay');
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({ code: 'EMAIL_FAILED' });
    expect(res.cookies.find((c) => c.name === 'deskgate_session')).toBeUndefined();
    const client = await clientLogin({ username: 'fay', password: PASSWORD, type: 'account' });
    expect(client.statusCode).toBe(502);
    expect(client.body).not.toContain('access_token');
  });

  it('runs the RustDesk client’s two legs (spec §3.2): email_check, then email_code + verificationCode', async () => {
    await saveSettings();
    await createUser('bob', 'bob@example.org', 'en', true);
    const leg1 = await clientLogin({ username: 'bob', password: PASSWORD, type: 'account' });
    expect(leg1.json()).toMatchObject({
      type: 'email_check',
      tfa_type: 'email_check',
      user: { name: 'bob', email: 'bob@example.org' },
    });
    const { secret } = leg1.json() as { secret: string };
    const code = codeOf(await smtp.nextMail('bob@example.org'));
    // Flutter omits tfaCode for an email code (login.dart verificationCodeDialog).
    const leg2 = await clientLogin({ username: 'bob', type: 'email_code', verificationCode: code, secret });
    expect(leg2.json()).toMatchObject({ type: 'access_token', user: { name: 'bob' } });
    const again = await clientLogin({ username: 'bob', type: 'email_code', verificationCode: code, secret });
    expect(again.statusCode).toBe(401);
  });

  it('completes the email-code dialog of the RustDesk client emulator (Flutter login.dart)', async () => {
    await saveSettings();
    await createUser('emil', 'emil@example.org', 'en', true);
    const device: Device = {
      id: '987654321',
      uuid: 'ZW1pbA==',
      deviceInfo: { os: 'windows', type: 'client', name: 'emil-pc' },
    };
    const rd = new RustDeskClient(injectTransport(t.app), device);
    const leg1 = await rd.login('emil', PASSWORD);
    if (leg1.kind !== 'email_check')
      throw new Error(`expected the email dialog, got ${JSON.stringify(leg1)}`);
    expect(leg1.email).toBe('emil@example.org');
    const code = codeOf(await smtp.nextMail('emil@example.org'));
    const leg2 = await rd.verifyCode({ username: leg1.user.name, code, secret: leg1.secret, totp: false });
    expect(leg2.kind).toBe('access_token');
    expect(rd.accessToken).toBeTruthy();
  });

  it('resets a password by email: same answer for unknown addresses, single-use link, sessions and client tokens end', async () => {
    await saveSettings();
    await createUser('carol', 'carol@example.org');
    const session = await signIn(t.app, 'carol', PASSWORD);
    const client = await clientLogin({ username: 'carol', password: PASSWORD, type: 'account' });
    const token = (client.json() as { access_token: string }).access_token;
    const ask = (email: string) =>
      t.app.inject({ method: 'POST', url: '/api/console/auth/password-reset', payload: { email } });
    const unknown = await ask('nobody@example.org');
    const known = await ask('Carol@Example.org');
    expect([unknown.statusCode, unknown.body]).toEqual([known.statusCode, known.body]);
    const mail = await smtp.nextMail('carol@example.org');
    expect(mail.subject).toBe('Reset your DeskGate password');
    await expect(smtp.nextMail('nobody@example.org', 300)).rejects.toThrow();
    const link = decodeURIComponent(linkOf(mail));
    const set = (newPassword: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/console/auth/set-password',
        payload: { token: link, newPassword },
      });
    expect((await set('short')).json()).toMatchObject({ code: 'WEAK_PASSWORD' });
    expect((await set('a-brand-new-password-42')).statusCode).toBe(200);
    expect((await set('another-new-password-43')).json()).toMatchObject({ code: 'LINK_EXPIRED' });
    expect(
      (await t.app.inject({ url: '/api/console/auth/session', headers: session.headers })).statusCode,
    ).toBe(401);
    const current = await t.app.inject({
      method: 'POST',
      url: '/api/currentUser',
      headers: { authorization: `Bearer ${token}` },
      payload: { id: '123456789', uuid: 'dXVpZA==' },
    });
    expect(current.statusCode).toBe(401);
    expect((await consoleLogin('carol', 'a-brand-new-password-42')).statusCode).toBe(200);
  });

  it('points reset links at the origin the settings were saved from, never at a forged Host header', async () => {
    await t.app.inject({
      method: 'PUT',
      url: '/api/console/settings/email',
      headers: { ...admin.headers, host: 'deskgate.test:8080' },
      payload: settings(),
    });
    await createUser('dan', 'dan@example.org');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/password-reset',
      headers: { host: 'evil.example' },
      payload: { email: 'dan@example.org' },
    });
    expect(res.statusCode).toBe(200);
    const mail = await smtp.nextMail('dan@example.org');
    expect(mail.text).toContain('http://deskgate.test:8080/set-password?token=');
    expect(`${mail.text}${mail.html}`).not.toContain('evil.example');
  });

  it('throttles reset requests for one address', async () => {
    await saveSettings();
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/console/auth/password-reset',
        payload: { email: 'victim@example.org' },
      });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('invites a new user with a set-your-password link in their language', async () => {
    await saveSettings();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/console/users',
      headers: admin.headers,
      payload: { username: 'yuki', email: 'yuki@example.org' },
    });
    const id = (res.json() as { id: string }).id;
    await t.app.inject({
      method: 'PUT',
      url: `/api/console/users/${id}/mail-prefs`,
      headers: admin.headers,
      payload: { language: 'ja', loginVerification: false },
    });
    const invite = await t.app.inject({
      method: 'POST',
      url: `/api/console/users/${id}/invite`,
      headers: admin.headers,
      payload: {},
    });
    expect(invite.statusCode, invite.body).toBe(200);
    const mail = await smtp.nextMail('yuki@example.org');
    expect(mail.subject).toBe('DeskGate への招待');
    expect(mail.html).toContain('パスワードを設定');
    const link = decodeURIComponent(linkOf(mail));
    const stored = await t.db.kysely.selectFrom('email_links').select('token_hash').executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toBe(link);
    const set = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/set-password',
      payload: { token: link, newPassword: 'yuki-chooses-a-password-9' },
    });
    expect(set.statusCode).toBe(200);
    expect((await consoleLogin('yuki', 'yuki-chooses-a-password-9')).statusCode).toBe(200);
  });
});
