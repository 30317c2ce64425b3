import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { createLocalUser, enrolTotp, totpCode } from '../../test/two-factor.ts';

const PASSWORD = 'carol-password-1';

describe.each(dialects())('local two-factor sign-in on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  let carolId: string;
  let secret: string;
  let backupCodes: string[];
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    admin = await signIn(t.app);
    carolId = await createLocalUser(t.app, admin, 'carol', PASSWORD);
  });
  afterAll(async () => t.close());

  const login = (username = 'carol', password = PASSWORD) =>
    t.app.inject({ method: 'POST', url: '/api/console/auth/login', payload: { username, password } });
  const answer = (challenge: string, code: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/console/auth/login/second-factor',
      payload: { challenge, code },
    });
  async function challenge(): Promise<string> {
    const res = await login();
    expect(res.statusCode).toBe(200);
    expect(res.cookies.find((c) => c.name === 'deskgate_session')).toBeUndefined();
    return res.json().secondFactor.challenge;
  }

  it('enrols: QR code and otpauth URI, confirmed by a code, six backup codes; the seed is sealed at rest', async () => {
    const carol = await signIn(t.app, 'carol', PASSWORD);
    const before = await t.app.inject({
      method: 'GET',
      url: '/api/console/auth/2fa',
      headers: carol.headers,
    });
    expect(before.json()).toEqual({ enabled: false, backupCodesLeft: 0 });

    const start = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/2fa/enrol',
      headers: carol.headers,
    });
    expect(start.statusCode).toBe(200);
    expect(start.json().qrCode).toMatch(/^data:image\/png;base64,/);
    expect(start.json().otpauthUri).toMatch(/^otpauth:\/\/totp\/DeskGate:carol\?/);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/2fa/confirm',
      headers: carol.headers,
      payload: { code: '000000' === totpCode(start.json().secret) ? '111111' : '000000' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('INVALID_CODE');

    ({ secret, backupCodes } = await enrolTotp(t.app, carol));
    expect(backupCodes).toHaveLength(6);
    expect(new Set(backupCodes).size).toBe(6);
    const row = await t.db.kysely.selectFrom('user_two_factor').selectAll().executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain(secret);
    const stored = await t.db.kysely.selectFrom('user_backup_codes').select('code_hash').execute();
    expect(stored.map((r) => r.code_hash)).not.toContain(backupCodes[0]);
    const after = await t.app.inject({ method: 'GET', url: '/api/console/auth/2fa', headers: carol.headers });
    expect(after.json()).toEqual({ enabled: true, backupCodesLeft: 6 });
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/2fa/enrol',
      headers: carol.headers,
    });
    expect(again.statusCode).toBe(409);
  });

  it('asks for the code after the password, and starts the session only with a right one', async () => {
    const id = await challenge();
    // The enrolment used the current step, so the next step's code (inside the ±1 tolerance) is the fresh one.
    const code = totpCode(secret, 1);
    const ok = await answer(id, code);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ user: { username: 'carol' }, returnTo: '/' });
    const cookie = ok.cookies.find((c) => c.name === 'deskgate_session');
    const session = await t.app.inject({
      method: 'GET',
      url: '/api/console/auth/session',
      headers: { cookie: `deskgate_session=${cookie?.value}` },
    });
    expect(session.statusCode).toBe(200);
    // The challenge is single-use.
    expect((await answer(id, code)).json().code).toBe('CHALLENGE_EXPIRED');
    // The same code (same time-step) is refused on a new challenge.
    const reused = await answer(await challenge(), code);
    expect(reused.statusCode).toBe(401);
    expect(reused.json()).toMatchObject({
      code: 'INVALID_CODE',
      error: expect.stringContaining('already used'),
    });
  });

  it('refuses a wrong code, keeps the challenge for another try, and ignores an unknown challenge', async () => {
    const id = await challenge();
    const wrong = await answer(id, totpCode(secret, 5));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('INVALID_CODE');
    expect(wrong.cookies.find((c) => c.name === 'deskgate_session')).toBeUndefined();
    expect((await answer('not-a-challenge', '123456')).json().code).toBe('CHALLENGE_EXPIRED');
  });

  it('accepts each backup code once', async () => {
    const code = backupCodes[0] as string;
    const ok = await answer(await challenge(), code.toUpperCase());
    expect(ok.statusCode).toBe(200);
    expect((await answer(await challenge(), code)).statusCode).toBe(401);
    const carol = await signIn(t.app, 'admin');
    const status = await t.app.inject({
      method: 'GET',
      url: `/api/console/users/${carolId}/2fa`,
      headers: carol.headers,
    });
    expect(status.json()).toEqual({ enabled: true, backupCodesLeft: 5 });
  });

  it('throttles wrong codes even when the password step keeps succeeding', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await answer(await challenge(), totpCode(secret, 7))).statusCode);
    expect(statuses).toContain(429);
    const locked = statuses.indexOf(429);
    expect(statuses.slice(0, locked).every((s) => s === 401)).toBe(true);
    // Locked out: even the right code waits.
    const right = await answer(await challenge(), backupCodes[1] as string);
    expect(right.statusCode).toBe(429);
    expect(right.headers['retry-after']).toBeDefined();
    await t.db.kysely.deleteFrom('login_throttle').execute();
  });

  it('lets an admin reset it (audited); the user then signs in with the password alone', async () => {
    const reset = await t.app.inject({
      method: 'DELETE',
      url: `/api/console/users/${carolId}/2fa`,
      headers: admin.headers,
    });
    expect(reset.statusCode).toBe(200);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.2fa.reset')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_name: 'admin', target: 'carol' });
    const res = await login();
    expect(res.json().user.username).toBe('carol');
    // Non-admins cannot.
    const carol = await signIn(t.app, 'carol', PASSWORD);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/console/users/${carolId}/2fa`,
          headers: carol.headers,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('lets the user turn it off with a current code or the password, not with a wrong one', async () => {
    const carol = await signIn(t.app, 'carol', PASSWORD);
    const enrolled = await enrolTotp(t.app, carol);
    const off = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/console/auth/2fa/disable', headers: carol.headers, payload });
    expect((await off({ password: 'wrong-password' })).statusCode).toBe(400);
    expect((await off({})).statusCode).toBe(400);
    expect((await off({ code: totpCode(enrolled.secret, 1) })).statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/console/auth/2fa', headers: carol.headers })).json(),
    ).toEqual({
      enabled: false,
      backupCodesLeft: 0,
    });
    await enrolTotp(t.app, carol);
    expect((await off({ password: PASSWORD })).statusCode).toBe(200);
  });
});
