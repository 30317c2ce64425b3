import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { startTestOp, type TestOp } from '../../test/op/index.ts';
import { enrolTotp, totpCode } from '../../test/two-factor.ts';

const ORIGIN = 'http://127.0.0.1:21114';
const TENANT = randomUUID();

let op: TestOp;
beforeAll(async () => {
  op = await startTestOp({ tenants: [TENANT] });
  await op.addClient({
    client_id: 'deskgate',
    client_secret: 'client-secret-1',
    redirect_uris: [`${ORIGIN}/api/oidc/callback`],
  });
  await op.addUser(TENANT, { accountId: 'erin', claims: { email: 'erin@contoso.example', name: 'Erin' } });
});
afterAll(async () => op?.stop());

describe.each(dialects())('SSO and local 2FA (skipLocal2fa) on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  let providerId: string;
  beforeAll(async () => {
    t = await buildTestApp(dialect, { publicUrl: ORIGIN });
    admin = await signIn(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/console/sso/providers',
      headers: admin.headers,
      payload: {
        name: 'azure',
        type: 'entra',
        clientId: 'deskgate',
        clientSecret: 'client-secret-1',
        issuer: op.issuer(TENANT),
        skipLocal2fa: false,
      },
    });
    expect(res.statusCode).toBe(201);
    providerId = res.json().id;
  });
  afterAll(async () => t.close());

  async function ssoSignIn() {
    const start = await t.app.inject({ method: 'GET', url: '/api/oidc/login/azure?returnTo=/users' });
    const binding = start.cookies.find((c) => c.name === 'deskgate_oidc');
    const back = new URL((await op.loginAs(String(start.headers.location), 'erin')).url);
    return t.app.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      headers: { cookie: `deskgate_oidc=${binding?.value}` },
    });
  }
  const sessionCookie = (res: { cookies: Array<{ name: string; value: string }> }) =>
    res.cookies.find((c) => c.name === 'deskgate_session');

  it('asks an SSO user with local 2FA for the code before the session when skipLocal2fa is false', async () => {
    const first = await ssoSignIn();
    const cookie = sessionCookie(first);
    expect(cookie).toBeDefined();
    const session = await t.app.inject({
      method: 'GET',
      url: '/api/console/auth/session',
      headers: { cookie: `deskgate_session=${cookie?.value}` },
    });
    const erin = {
      headers: { cookie: `deskgate_session=${cookie?.value}`, 'x-csrf-token': session.json().csrfToken },
      userId: session.json().user.id,
    };
    const { secret } = await enrolTotp(t.app, erin);

    const second = await ssoSignIn();
    expect(second.statusCode).toBe(302);
    expect(sessionCookie(second)).toBeUndefined();
    const location = new URL(String(second.headers.location), ORIGIN);
    expect(location.pathname).toBe('/login');
    const challenge = location.searchParams.get('tfa') ?? '';
    const done = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/login/second-factor',
      payload: { challenge, code: totpCode(secret, 1) },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ user: { username: 'erin' }, returnTo: '/users' });
    expect(sessionCookie(done)).toBeDefined();
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.login')
      .where('target', '=', 'erin')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail)).toEqual({ method: 'sso:azure', secondFactor: 'totp' });
  });

  it('skips local 2FA for SSO logins when skipLocal2fa is true (the default)', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/console/sso/providers/${providerId}`,
      headers: admin.headers,
      payload: { skipLocal2fa: true },
    });
    expect(res.statusCode).toBe(200);
    const signedIn = await ssoSignIn();
    expect(sessionCookie(signedIn)).toBeDefined();
    expect(signedIn.headers.location).toBe('/users');
  });
});
