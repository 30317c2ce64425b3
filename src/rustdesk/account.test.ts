import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildTestApp, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { type Device, injectTransport, RustDeskClient } from '../../test/rustdesk-client.ts';

// Requests are built as the official client builds them (spec §3): JSON bodies with id/uuid/deviceInfo,
// Bearer tokens on currentUser/logout, no other headers.
const DEVICE = {
  id: '123456789',
  uuid: 'bWFjaGluZS11aWQ=',
  deviceInfo: { os: 'linux', type: 'client', name: 'alice-pc' },
};

describe.each(dialects())('RustDesk client account API on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(async () => t.close());
  const post = (url: string, payload: unknown, token?: string) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('lists no login options without providers, and both forms with one', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/login-options' })).json()).toEqual([]);
    expect((await t.app.inject({ method: 'HEAD', url: '/api/login-options' })).statusCode).toBe(200);
    const admin = await signIn(t.app);
    await t.app.inject({
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
    expect((await t.app.inject({ method: 'GET', url: '/api/login-options' })).json()).toEqual([
      'oidc/Azure',
      'common-oidc/[{"name":"Azure"}]',
    ]);
  });

  it('signs in with a password, answers currentUser with a strictly parseable user, and logout revokes', async () => {
    const res = await post('/api/login', {
      username: 'admin',
      password: ADMIN_PASSWORD,
      autoLogin: true,
      type: 'account',
      ...DEVICE,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.type).toBe('access_token');
    expect(body.user).toEqual({
      name: 'admin',
      display_name: 'Administrator',
      avatar: '',
      email: '',
      note: '',
      status: 1,
      is_admin: true,
      info: {},
    });
    const token = body.access_token as string;
    const row = await t.db.kysely.selectFrom('client_tokens').selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash).not.toBe(token);

    const me = await post('/api/currentUser', { id: DEVICE.id, uuid: DEVICE.uuid }, token);
    expect(me.json()).toMatchObject({ name: 'admin', status: 1, is_admin: true, info: {} });
    // A token replayed from another device is refused.
    expect((await post('/api/currentUser', { id: '999', uuid: DEVICE.uuid }, token)).statusCode).toBe(401);

    expect((await post('/api/logout', { id: DEVICE.id, uuid: DEVICE.uuid }, token)).statusCode).toBe(200);
    const after = await post('/api/currentUser', { id: DEVICE.id, uuid: DEVICE.uuid }, token);
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toBe('Invalid token');
  });

  it('answers a wrong password with a JSON error the client shows', async () => {
    const res = await post('/api/login', {
      username: 'admin',
      password: 'wrong-one',
      type: 'account',
      ...DEVICE,
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('Wrong username or password.');
  });

  it('refuses the token of a user who was disabled', async () => {
    const admin = await signIn(t.app);
    const user = (
      await t.app.inject({
        method: 'POST',
        url: '/api/console/users',
        headers: admin.headers,
        payload: { username: 'eve', password: 'eve-password' },
      })
    ).json();
    const token = (
      await post('/api/login', { username: 'eve', password: 'eve-password', type: 'account', ...DEVICE })
    ).json().access_token;
    await t.app.inject({
      method: 'PATCH',
      url: `/api/console/users/${user.id}`,
      headers: admin.headers,
      payload: { enabled: false },
    });
    expect((await post('/api/currentUser', { id: DEVICE.id, uuid: DEVICE.uuid }, token)).statusCode).toBe(
      401,
    );
  });
});

describe.each(dialects())('the account API as the client emulator sees it, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('reads login options, signs in with a password, refreshes the user and logs out', async () => {
    const rd = new RustDeskClient(injectTransport(t.app), DEVICE as Device);
    expect((await rd.probe()).status).toBe(200);
    expect(await rd.loginOptions()).toEqual([]);
    expect(await rd.login('admin', 'wrong-one')).toEqual({
      kind: 'error',
      message: 'Wrong username or password.',
    });
    expect(await rd.login('admin', ADMIN_PASSWORD)).toMatchObject({
      kind: 'access_token',
      user: { name: 'admin', isAdmin: true, status: 'normal' },
    });
    expect(rd.userInfo).toEqual({ name: 'admin', display_name: 'Administrator', avatar: '', status: 1 });
    expect(await rd.currentUser()).toMatchObject({ kind: 'user', user: { name: 'admin', isAdmin: true } });
    await rd.logout();
    expect(rd.accessToken).toBeUndefined();
    expect(await rd.currentUser()).toEqual({ kind: 'skipped' });
  });
});
