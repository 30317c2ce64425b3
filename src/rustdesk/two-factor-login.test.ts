import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { createLocalUser, enrolTotp, totpCode } from '../../test/two-factor.ts';

// Both legs are built as the Flutter client builds them (spec §3.2: LoginRequest.toJson, then
// login.dart::verificationCodeDialog): Content-Type application/json only, no Authorization header.
const DEVICE = {
  id: '123456789',
  uuid: 'bWFjaGluZS11aWQ=',
  deviceInfo: { os: 'windows', type: 'client', name: 'dave-pc' },
};
const PASSWORD = 'dave-password-1';

/** Leg 1, exactly as the client sends it. */
const leg1 = (username: string, password: string, device = DEVICE) => ({
  username,
  password,
  id: device.id,
  uuid: device.uuid,
  autoLogin: true,
  type: 'account',
  deviceInfo: device.deviceInfo,
});
/** Leg 2 for TOTP: `type` is "email_code", the code in both fields, no password (Flutter). */
const leg2 = (username: string, secret: string, code: string, device = DEVICE) => ({
  username,
  id: device.id,
  uuid: device.uuid,
  autoLogin: true,
  type: 'email_code',
  verificationCode: code,
  tfaCode: code,
  secret,
  deviceInfo: device.deviceInfo,
});

/** How login.dart::handleLoginResponse reads an answer. */
function clientReads(status: number, body: Record<string, unknown>) {
  if (status !== 200 || 'error' in body) return { error: String(body.error) };
  if (body.type === 'access_token') return { token: body.access_token as string };
  if (body.type === 'email_check') {
    if (body.tfa_type === 'tfa_check') return { totpDialog: true, secret: body.secret as string };
    if (body.tfa_type === undefined || body.tfa_type === null || body.tfa_type === 'email_check')
      return { emailDialog: true };
    return { error: 'Failed, bad tfa type from server' };
  }
  return { error: 'Failed, bad response from server' };
}

describe.each(dialects())('RustDesk client password login with TOTP on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  let secret: string;
  let backupCodes: string[];
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    admin = await signIn(t.app);
    await createLocalUser(t.app, admin, 'dave', PASSWORD);
  });
  afterAll(async () => t.close());
  const post = async (url: string, payload: object, token?: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };

  it('signs in with the password alone while 2FA is off', async () => {
    const res = await post('/api/login', leg1('dave', PASSWORD));
    expect(clientReads(res.status, res.body)).toHaveProperty('token');
  });

  it('asks for TOTP in the shape the client understands, then signs in with the code', async () => {
    ({ secret, backupCodes } = await enrolTotp(t.app, await signIn(t.app, 'dave', PASSWORD)));
    const first = await post('/api/login', leg1('dave', PASSWORD));
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      type: 'email_check',
      tfa_type: 'tfa_check',
      secret: expect.any(String),
      user: { name: 'dave' },
    });
    const read = clientReads(first.status, first.body);
    expect(read).toMatchObject({ totpDialog: true });
    expect(await t.db.kysely.selectFrom('client_tokens').selectAll().execute()).toHaveLength(1);

    const second = await post('/api/login', leg2('dave', first.body.secret as string, totpCode(secret, 1)));
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({
      type: 'access_token',
      user: { name: 'dave', status: 1, is_admin: false, info: {} },
    });
    const token = clientReads(second.status, second.body).token as string;
    // The token is bound to the device that signed in.
    expect((await post('/api/currentUser', { id: DEVICE.id, uuid: DEVICE.uuid }, token)).status).toBe(200);
    expect((await post('/api/currentUser', { id: '999999999', uuid: DEVICE.uuid }, token)).status).toBe(401);
    // The secret is single-use.
    const replay = await post('/api/login', leg2('dave', first.body.secret as string, totpCode(secret, 1)));
    expect(replay.status).toBe(401);
    expect(typeof replay.body.error).toBe('string');
  });

  it('answers a wrong code with an error the client shows', async () => {
    const first = await post('/api/login', leg1('dave', PASSWORD));
    const wrong = await post('/api/login', leg2('dave', first.body.secret as string, totpCode(secret, 9)));
    expect(wrong.status).toBe(401);
    expect(clientReads(wrong.status, wrong.body).error).toMatch(/code is wrong/);
    // The reused step of the last success is refused too.
    const reused = await post('/api/login', leg2('dave', first.body.secret as string, totpCode(secret, 1)));
    expect(reused.status).toBe(401);
  });

  it('refuses the second leg from another device or for another username', async () => {
    const first = await post('/api/login', leg1('dave', PASSWORD));
    const other = { ...DEVICE, id: '555555555' };
    const moved = await post(
      '/api/login',
      leg2('dave', first.body.secret as string, backupCodes[0] as string, other),
    );
    expect(moved.status).toBe(401);
    const renamed = await post(
      '/api/login',
      leg2('admin', first.body.secret as string, backupCodes[0] as string),
    );
    expect(renamed.status).toBe(401);
  });

  it('accepts the Sciter form (tfaCode "") with the code in verificationCode, and a backup code', async () => {
    const first = await post('/api/login', leg1('dave', PASSWORD));
    const body = { ...leg2('dave', first.body.secret as string, backupCodes[0] as string), tfaCode: '' };
    const res = await post('/api/login', body);
    expect(clientReads(res.status, res.body)).toHaveProperty('token');
  });

  it('refuses a second leg without a secret or code with a sentence, never 5xx', async () => {
    for (const payload of [
      { ...leg2('dave', '', '123456') },
      { ...leg2('dave', 'x', '') },
      { username: 'dave', type: 'email_code' },
    ]) {
      const res = await post('/api/login', payload);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(typeof res.body.error).toBe('string');
    }
  });

  it('throttles wrong codes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const first = await post('/api/login', leg1('dave', PASSWORD));
      statuses.push(
        (await post('/api/login', leg2('dave', first.body.secret as string, totpCode(secret, 11)))).status,
      );
    }
    expect(statuses).toContain(429);
  });
});
