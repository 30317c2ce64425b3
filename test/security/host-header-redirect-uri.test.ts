import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../harness.ts';
import { startTestOp, type TestOp } from '../op/index.ts';
import { lastLoginFailure } from '../sso-login.ts';

// Issue 9 §6: with DESKGATE_PUBLIC_URL unset, the redirect_uri DeskGate sent to the IdP was built from the
// request's Host header, so anyone could start a login (console, RustDesk device login) whose code the IdP
// delivers to a host of their choosing. Now a provider's logins use only the origin stored when an admin
// saved it (or DESKGATE_PUBLIC_URL); a browser login arriving on another Host is refused in words.
// On the old code the forged-Host cases below answer with redirect_uri=http://evil.example/api/oidc/callback.

const ORIGIN = 'http://deskgate.test:8080';
const HOST = { host: 'deskgate.test:8080' };
const EVIL = { host: 'evil.example' };
const TENANT = randomUUID();
const CALLBACK = `${ORIGIN}/api/oidc/callback`;

const redirectUriOf = (url: string) => new URL(url).searchParams.get('redirect_uri');

let op: TestOp;
beforeAll(async () => {
  op = await startTestOp({ tenants: [TENANT] });
  await op.addClient({ client_id: 'deskgate', client_secret: 'secret-1', redirect_uris: [CALLBACK] });
  await op.addUser(TENANT, { accountId: 'alice', claims: { email: 'alice@contoso.example', name: 'Alice' } });
});
afterAll(async () => op?.stop());

describe.each(dialects())('forged Host header and the redirect_uri on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  let providerId: string;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    admin = await signIn(t.app);
    // The admin saves the provider from the console at ORIGIN, which sends its own origin.
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/console/sso/providers',
      headers: { ...admin.headers, ...HOST },
      payload: {
        name: 'azure',
        type: 'entra',
        clientId: 'deskgate',
        clientSecret: 'secret-1',
        issuer: op.issuer(TENANT),
        callbackOrigin: ORIGIN,
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().callbackOrigin).toBe(ORIGIN);
    providerId = res.json().id;
  });
  afterAll(async () => t?.close());

  it('refuses, in words, a console login started on a forged Host, sending nobody to the IdP', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/oidc/login/azure', headers: EVIL });
    expect(res.statusCode).toBe(302);
    const location = new URL(String(res.headers.location), 'http://x');
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('code')).toBe('SSO_ORIGIN_MISMATCH');
    // The words are for admins (audit trail); the /login URL carries only the code (issue 9 §7).
    expect(await lastLoginFailure(t.app)).toContain(ORIGIN);
    expect(await t.db.kysely.selectFrom('pending_logins').selectAll().execute()).toEqual([]);
  });

  it('gives a RustDesk device login the stored redirect_uri whatever Host the client sent', async () => {
    for (const headers of [EVIL, HOST, { host: '192.168.1.10:21114' }]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/oidc/auth',
        headers,
        payload: { op: 'azure', id: '123456789', uuid: 'dXVpZA==' },
      });
      expect(res.statusCode).toBe(200);
      expect(redirectUriOf(res.json().url)).toBe(CALLBACK);
    }
  });

  it('refuses an admin test sign-in opened on a forged Host', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/oidc/test/${providerId}`,
      headers: { ...admin.headers, ...EVIL },
    });
    expect(res.statusCode).toBe(302);
    expect(String(res.headers.location)).not.toContain('evil.example');
    expect(String(res.headers.location)).toMatch(/^\/settings\/oidc\/test\//);
  });

  it('signs in on the stored origin, and the token request carries the same redirect_uri', async () => {
    const start = await t.app.inject({ method: 'GET', url: '/api/oidc/login/azure', headers: HOST });
    expect(start.statusCode).toBe(302);
    expect(redirectUriOf(String(start.headers.location))).toBe(CALLBACK);
    const binding = start.cookies.find((c) => c.name === 'deskgate_oidc')?.value;
    const back = new URL((await op.loginAs(String(start.headers.location), 'alice')).url);
    // Even a callback that claims another Host redeems the code with the registered redirect_uri.
    const done = await t.app.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      headers: { ...EVIL, cookie: `deskgate_oidc=${binding}` },
    });
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe('/');
    expect(done.cookies.find((c) => c.name === 'deskgate_session')).toBeDefined();
  });

  it('names the registered redirect URI, not the forged Host, in the fix for an Entra redirect error', async () => {
    const start = await t.app.inject({ method: 'GET', url: '/api/oidc/login/azure', headers: HOST });
    const state = new URL(String(start.headers.location)).searchParams.get('state');
    const binding = start.cookies.find((c) => c.name === 'deskgate_oidc')?.value;
    const description = encodeURIComponent('AADSTS50011: The redirect URI does not match.');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/oidc/callback?state=${state}&error=invalid_request&error_description=${description}`,
      headers: { ...EVIL, cookie: `deskgate_oidc=${binding}` },
    });
    expect(res.headers.location).toBe('/login?code=SSO_IDP_REDIRECT_MISMATCH');
    const message = await lastLoginFailure(t.app);
    expect(message).toContain(`add exactly ${CALLBACK}`);
    expect(message).not.toContain('evil.example');
  });

  it('refuses an origin that is not scheme://host[:port]', async () => {
    for (const callbackOrigin of ['evil', 'https://deskgate.test/path', 'javascript:alert(1)', 'ftp://x']) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/console/sso/providers/${providerId}`,
        headers: admin.headers,
        payload: { callbackOrigin },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toContain('origin');
    }
  });

  it('refuses logins of a provider saved before origins were stored until an admin saves it once', async () => {
    await t.db.kysely.updateTable('oidc_providers').set({ callback_origin: null }).execute();
    const browser = await t.app.inject({ method: 'GET', url: '/api/oidc/login/azure', headers: HOST });
    const location = new URL(String(browser.headers.location), 'http://x');
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('code')).toBe('SSO_ORIGIN_MISSING');
    const device = await t.app.inject({
      method: 'POST',
      url: '/api/oidc/auth',
      headers: EVIL,
      payload: { op: 'azure', id: '123456789', uuid: 'dXVpZA==' },
    });
    expect(device.statusCode).toBe(409);
    expect(device.json()).toMatchObject({ code: 'SSO_ORIGIN_MISSING' });
    expect(device.json().error).toContain('Settings → OIDC');
    const saved = await t.app.inject({
      method: 'PATCH',
      url: `/api/console/sso/providers/${providerId}`,
      headers: { ...admin.headers, ...HOST },
      payload: { callbackOrigin: `${ORIGIN}/` },
    });
    expect(saved.json().callbackOrigin).toBe(ORIGIN);
    const again = await t.app.inject({ method: 'GET', url: '/api/oidc/login/azure', headers: HOST });
    expect(redirectUriOf(String(again.headers.location))).toBe(CALLBACK);
  });
});

describe('forged Host header with DESKGATE_PUBLIC_URL set', () => {
  it('uses the public URL, which wins over the stored origin', async () => {
    const t = await buildTestApp('sqlite', { publicUrl: 'https://rd.example.com' });
    try {
      const admin = await signIn(t.app);
      await t.app.inject({
        method: 'POST',
        url: '/api/console/sso/providers',
        headers: admin.headers,
        payload: { name: 'azure', type: 'entra', clientId: 'deskgate', issuer: op.issuer(TENANT) },
      });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/oidc/auth',
        headers: EVIL,
        payload: { op: 'azure', id: '123456789', uuid: 'dXVpZA==' },
      });
      expect(redirectUriOf(res.json().url)).toBe('https://rd.example.com/api/oidc/callback');
    } finally {
      await t.close();
    }
  });
});
