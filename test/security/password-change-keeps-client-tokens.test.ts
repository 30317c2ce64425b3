import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientLogin, createUser } from '../address-books.ts';
import { type ConsoleSession, dialects, signIn, type TestApp } from '../harness.ts';
import { buildAppForCli, resetPasswordWithCli } from '../reset-password-cli.ts';

/**
 * Attack: someone who once learnt a user's password signed a RustDesk client in (or copied its
 * token). The user notices and changes the password, or an admin resets it: the console sessions
 * ended, but the RustDesk client tokens went on working for 30 days. Regression for issue 9 §4:
 * every way of setting a password (self-service change, admin reset, `deskgate reset-password`)
 * ends the user's client tokens too; the self-service change keeps only the current console session.
 */
describe.each(dialects())('password change ends RustDesk client tokens on %s', (dialect) => {
  let t: TestApp & { cliEnv: Record<string, string> };
  let admin: ConsoleSession;
  beforeAll(async () => {
    t = await buildAppForCli(dialect);
    admin = await signIn(t.app);
  });
  afterAll(async () => t.close());

  const currentUser = (token: string, deviceId = '111222333') =>
    t.app
      .inject({
        method: 'POST',
        url: '/api/currentUser',
        headers: { authorization: `Bearer ${token}` },
        payload: { id: deviceId, uuid: Buffer.from(`uuid-${deviceId}`).toString('base64') },
      })
      .then((r) => r.statusCode);
  const sessionOf = (s: ConsoleSession) =>
    t.app
      .inject({ method: 'GET', url: '/api/console/auth/session', headers: { cookie: s.headers.cookie } })
      .then((r) => r.statusCode);

  it('self-service change: the thief’s client token and other sessions end, this session goes on', async () => {
    await createUser(t.app, admin, 'erin');
    const thief = await clientLogin(t.app, 'erin', 'erin-password', '999000111');
    const own = await clientLogin(t.app, 'erin', 'erin-password');
    const elsewhere = await signIn(t.app, 'erin', 'erin-password');
    const here = await signIn(t.app, 'erin', 'erin-password');
    expect(await currentUser(thief, '999000111')).toBe(200);

    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/password',
      headers: here.headers,
      payload: { currentPassword: 'erin-password', newPassword: 'a-new-long-passphrase-9' },
    });
    expect(changed.statusCode).toBe(200);
    expect(await currentUser(thief, '999000111')).toBe(401);
    expect(await currentUser(own)).toBe(401);
    expect(await sessionOf(elsewhere)).toBe(401);
    const renewed = changed.cookies.find((c) => c.name === 'deskgate_session');
    const current = await t.app.inject({
      method: 'GET',
      url: '/api/console/auth/session',
      headers: { cookie: `deskgate_session=${renewed?.value}` },
    });
    expect(current.statusCode).toBe(200);
    expect(current.json().user.username).toBe('erin');
  });

  it('admin reset in the console ends the client tokens', async () => {
    const id = await createUser(t.app, admin, 'finn');
    const token = await clientLogin(t.app, 'finn', 'finn-password');
    expect(await currentUser(token)).toBe(200);
    const reset = await t.app.inject({
      method: 'POST',
      url: `/api/console/users/${id}/password`,
      headers: admin.headers,
      payload: {},
    });
    expect(reset.statusCode).toBe(200);
    expect(await currentUser(token)).toBe(401);
  });

  it('`deskgate reset-password` ends the console sessions and the client tokens', async () => {
    await createUser(t.app, admin, 'gwen');
    const token = await clientLogin(t.app, 'gwen', 'gwen-password');
    const session = await signIn(t.app, 'gwen', 'gwen-password');
    expect(await currentUser(token)).toBe(200);
    const password = await resetPasswordWithCli(t.cliEnv, 'gwen');
    expect(await currentUser(token)).toBe(401);
    expect(await sessionOf(session)).toBe(401);
    expect((await signIn(t.app, 'gwen', password)).userId).toBeTruthy();
  });
});
