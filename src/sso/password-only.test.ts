import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  buildTestApp,
  type ConsoleSession,
  dialects,
  signIn,
  type TestApp,
} from '../../test/harness.ts';

// "Hide the password form" is enforced by the server, not only by the login page: non-administrators must
// use single sign-on, administrators keep the README's "Locked out?" path.
const TURNED_OFF = 'Password sign-in is turned off here; use Continue with Azure.';

describe.each(dialects())('single sign-on only on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  let providerId: string;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    admin = await signIn(t.app);
    const user = await t.app.inject({
      method: 'POST',
      url: '/api/console/users',
      headers: admin.headers,
      payload: { username: 'carol', password: 'carol-password-1' },
    });
    expect(user.statusCode).toBe(201);
    const provider = await t.app.inject({
      method: 'POST',
      url: '/api/console/sso/providers',
      headers: admin.headers,
      payload: {
        name: 'Azure',
        type: 'entra',
        clientId: 'x',
        issuer: 'https://login.microsoftonline.com/t/v2.0',
      },
    });
    providerId = provider.json().id;
  });
  afterAll(async () => t.close());

  const hide = (hidePasswordLogin: boolean) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/console/sso/settings',
      headers: admin.headers,
      payload: { hidePasswordLogin },
    });
  const consoleLogin = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/console/auth/login', payload: { username, password } });
  const clientLogin = (username: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username, password, type: 'account', id: '123456789', uuid: 'dXVpZA==' },
    });

  it('lets everyone use a password while the form is shown', async () => {
    await hide(false);
    expect((await consoleLogin('carol', 'carol-password-1')).statusCode).toBe(200);
    expect((await clientLogin('carol', 'carol-password-1')).statusCode).toBe(200);
  });

  it('refuses non-administrators in the console and the client, naming the way in', async () => {
    expect((await hide(true)).statusCode).toBe(200);
    for (const res of [
      await consoleLogin('carol', 'carol-password-1'),
      await clientLogin('carol', 'carol-password-1'),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'PASSWORD_LOGIN_DISABLED', error: TURNED_OFF });
      expect(res.cookies.find((c) => c.name === 'deskgate_session')).toBeUndefined();
    }
    // A wrong password still says only that, so the switch tells nobody which accounts exist.
    expect((await consoleLogin('carol', 'wrong-password-1')).statusCode).toBe(401);
  });

  it('keeps the local path for administrators (the emergency path)', async () => {
    expect((await consoleLogin('admin', ADMIN_PASSWORD)).statusCode).toBe(200);
    expect((await clientLogin('admin', ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('lets everyone in again when no provider is enabled (nothing else would work)', async () => {
    await t.app.inject({
      method: 'PATCH',
      url: `/api/console/sso/providers/${providerId}`,
      headers: admin.headers,
      payload: { enabled: false },
    });
    expect((await consoleLogin('carol', 'carol-password-1')).statusCode).toBe(200);
    await hide(false);
  });
});
