import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmationCookie, confirmationForm, decideByInject } from '../../test/device-approval.ts';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { startTestOp, type TestOp } from '../../test/op/index.ts';
import { type Device, injectTransport, RustDeskClient } from '../../test/rustdesk-client.ts';
import { deliverCallback } from '../../test/sso-login.ts';
import { enrolTotp, totpCode } from '../../test/two-factor.ts';
import { createSession } from '../accounts/sessions.ts';
import { issueClientToken } from '../rustdesk/tokens.ts';
import { BACKCHANNEL_EVENT } from './idp-logout.ts';

// Issue 12: logout that the IdP starts. Back-Channel Logout 1.0 against the real test OP (oidc-provider's
// backchannelLogout feature POSTs the logout token to DeskGate over HTTP), every invalid logout token of
// §2.6 refused, and Entra's front-channel logout URL.

const TENANT = randomUUID();
const DEVICE: Device = {
  id: '987654321',
  uuid: 'ZGV2aWNl',
  deviceInfo: { os: 'linux', type: 'client', name: 'pc' },
};
const FAST = { intervalMs: 50, timeoutMs: 20_000 };

let op: TestOp;
beforeAll(async () => {
  op = await startTestOp({ tenants: [TENANT] });
  await op.addUser(TENANT, { accountId: 'carol', claims: { email: 'carol@contoso.example', name: 'Carol' } });
  await op.addUser(TENANT, { accountId: 'dave', claims: { email: 'dave@contoso.example', name: 'Dave' } });
});
afterAll(async () => op?.stop());

describe.each(dialects())('logout started by the identity provider on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  let providerId: string;
  let origin: string;
  const clientId = `deskgate-${dialect}`;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await op.addClient({
      client_id: clientId,
      client_secret: 'client-secret-1',
      redirect_uris: [`${origin}/api/oidc/callback`],
      backchannel_logout_uri: `${origin}/api/oidc/backchannel-logout/kc`,
      backchannel_logout_session_required: true,
    });
    admin = await signIn(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/console/sso/providers',
      headers: admin.headers,
      payload: {
        name: 'kc',
        type: 'keycloak',
        clientId,
        clientSecret: 'client-secret-1',
        issuer: op.issuer(TENANT),
        callbackOrigin: origin,
      },
    });
    expect(res.statusCode).toBe(201);
    providerId = res.json().id;
  });
  afterAll(async () => t?.close());

  const consoleSession = (cookie: string) =>
    t.app.inject({
      method: 'GET',
      url: '/api/console/auth/session',
      headers: { cookie: `deskgate_session=${cookie}` },
    });
  const currentUser = (token: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/currentUser',
      headers: { authorization: `Bearer ${token}` },
      payload: { id: DEVICE.id, uuid: DEVICE.uuid },
    });
  const postLogout = (token: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/oidc/backchannel-logout/kc',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ logout_token: token }).toString(),
    });
  /** A console session recorded as coming from the provider's IdP session `sid`. */
  const sessionWithSid = async (sid: string) => {
    const user = await t.db.kysely
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    return (
      await createSession(
        t.db.kysely,
        user.id,
        { ip: '192.0.2.1', userAgent: 't' },
        { providerId, idTokenSealed: null, sid },
      )
    ).token;
  };

  it('ends the console session and the client token of the OP session that ended', async () => {
    const browser = op.browser();
    const host = new URL(origin).host;
    const start = await t.app.inject({ method: 'GET', url: '/api/oidc/login/kc', headers: { host } });
    const binding = start.cookies.find((c) => c.name === 'deskgate_oidc')?.value;
    const signedIn = await deliverCallback(
      t.app,
      await browser.loginAs(String(start.headers.location), 'carol'),
      binding,
    );
    const cookie = signedIn.session as string;
    expect((await consoleSession(cookie)).statusCode).toBe(200);

    const rd = new RustDeskClient(injectTransport(t.app), DEVICE);
    const result = await rd.accountAuth('kc', {
      ...FAST,
      openBrowser: async (url) => {
        const back = new URL((await browser.loginAs(url, 'carol')).url);
        const page = await t.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
        const form = confirmationForm(page.body);
        if (!form) throw new Error('no confirmation page');
        await decideByInject(t.app, form, {
          decision: 'approve',
          cookie: confirmationCookie(page.headers['set-cookie']),
        });
      },
    });
    const token = result.auth_body?.access_token as string;
    expect((await currentUser(token)).statusCode).toBe(200);
    const sids = await t.db.kysely
      .selectFrom('sessions')
      .select('sso_sid')
      .where('sso_provider_id', '=', providerId)
      .execute();
    expect(sids[0]?.sso_sid).toBeTruthy();

    const discovery = (await (
      await fetch(`${op.issuer(TENANT)}/.well-known/openid-configuration`)
    ).json()) as {
      end_session_endpoint: string;
    };
    await browser.endSession(`${discovery.end_session_endpoint}?client_id=${clientId}`);
    expect((await consoleSession(cookie)).statusCode).toBe(401);
    expect((await currentUser(token)).statusCode).toBe(401);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'sso.logout.idp')
      .execute();
    expect(audit.map((a) => JSON.parse(a.detail).channel)).toContain('back-channel');
  });

  // Issue 13 §1: the console session made after the local second factor was created without the sid.
  it('ends the console session made after the local second factor, through the same IdP session', async () => {
    const setSkip = (skipLocal2fa: boolean) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/console/sso/providers/${providerId}`,
        headers: admin.headers,
        payload: { skipLocal2fa },
      });
    expect((await setSkip(false)).statusCode).toBe(200);
    const browser = op.browser();
    const host = new URL(origin).host;
    const callback = async () => {
      const start = await t.app.inject({ method: 'GET', url: '/api/oidc/login/kc', headers: { host } });
      const binding = start.cookies.find((c) => c.name === 'deskgate_oidc')?.value;
      const back = new URL((await browser.loginAs(String(start.headers.location), 'dave')).url);
      return t.app.inject({
        method: 'GET',
        url: `${back.pathname}${back.search}`,
        headers: { cookie: `deskgate_oidc=${binding}` },
      });
    };
    try {
      const first = (await callback()).cookies.find((c) => c.name === 'deskgate_session')?.value as string;
      const csrf = (await consoleSession(first)).json().csrfToken;
      const { secret } = await enrolTotp(t.app, {
        headers: { cookie: `deskgate_session=${first}`, 'x-csrf-token': csrf },
        userId: '',
      });

      const asked = await callback();
      const tfa = new URL(String(asked.headers.location), origin).searchParams.get('tfa') ?? '';
      expect(tfa).not.toBe('');
      const handOff = asked.cookies.find((c) => c.name === 'deskgate_sso_2fa');
      const done = await t.app.inject({
        method: 'POST',
        url: '/api/console/auth/login/second-factor',
        headers: { cookie: `deskgate_sso_2fa=${handOff?.value}` },
        payload: { challenge: tfa, code: totpCode(secret, 1) },
      });
      expect(done.statusCode).toBe(200);
      const cookie = done.cookies.find((c) => c.name === 'deskgate_session')?.value as string;
      expect((await consoleSession(cookie)).statusCode).toBe(200);

      const discovery = (await (
        await fetch(`${op.issuer(TENANT)}/.well-known/openid-configuration`)
      ).json()) as { end_session_endpoint: string };
      await browser.endSession(`${discovery.end_session_endpoint}?client_id=${clientId}`);
      expect((await consoleSession(first)).statusCode).toBe(401);
      expect((await consoleSession(cookie)).statusCode).toBe(401);
    } finally {
      expect((await setSkip(true)).statusCode).toBe(200);
    }
  });

  it('refuses every invalid logout token of Back-Channel Logout 1.0 §2.6, and signs nobody out', async () => {
    const sid = `sid-${randomUUID()}`;
    const victim = await sessionWithSid(sid);
    const now = Math.floor(Date.now() / 1000);
    const claims = () => ({
      iss: op.issuer(TENANT),
      aud: clientId,
      iat: now,
      jti: randomUUID(),
      sid,
      events: { [BACKCHANNEL_EVENT]: {} },
    });
    const signed = async (payload: Record<string, unknown>) => (await op.sign(payload)).jwt;
    const { privateKey } = await generateKeyPair('RS256');
    const { kid } = await op.sign({});
    const foreign = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
    const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const unsigned = `${encode({ alg: 'none' })}.${encode(claims())}.`;
    const hmac = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid })
      .sign(
        new TextEncoder().encode(JSON.stringify(await (await fetch(`${op.issuer(TENANT)}/jwks`)).json())),
      );
    const { jti: _jti, ...noJti } = claims();
    const { sid: _sid, ...noSid } = claims();
    const replayed = await signed({ ...claims(), sid: 'another-session' });
    expect((await postLogout(await signed({ ...claims(), sid: 'someone-else' }))).statusCode).toBe(200);
    expect((await postLogout(replayed)).statusCode).toBe(200);

    const invalid: Record<string, string> = {
      'bad signature': foreign,
      'alg none': unsigned,
      'HS256 keyed with the public JWKS': hmac,
      'wrong iss': await signed({ ...claims(), iss: `${op.origin}/other/v2.0` }),
      'wrong aud': await signed({ ...claims(), aud: 'another-client' }),
      'missing events': await signed({ ...claims(), events: undefined }),
      'events without the logout member': await signed({ ...claims(), events: { 'urn:other': {} } }),
      'events member not an object': await signed({ ...claims(), events: { [BACKCHANNEL_EVENT]: 'yes' } }),
      'nonce present': await signed({ ...claims(), nonce: 'n-0S6_WzA2Mj' }),
      'neither sub nor sid': await signed(noSid),
      'missing jti': await signed(noJti),
      'stale iat': await signed({ ...claims(), iat: now - 3600 }),
      'iat in the future': await signed({ ...claims(), iat: now + 3600 }),
      expired: await signed({ ...claims(), exp: now - 600 }),
      'replayed jti': replayed,
      'not a JWT': 'not-a-jwt',
    };
    // Each outcome is collected, so a missing check shows up by name (and whether it signed the victim out).
    const outcomes: unknown[] = [];
    for (const [name, token] of Object.entries(invalid)) {
      const res = await postLogout(token);
      const session = (await consoleSession(victim)).statusCode;
      outcomes.push({ name, status: res.statusCode, code: res.json().code, session });
    }
    expect(outcomes).toEqual(
      Object.keys(invalid).map((name) => ({ name, status: 400, code: 'LOGOUT_TOKEN_INVALID', session: 200 })),
    );
    // The same token, valid, does end it: the refusals above were the checks, not a broken setup.
    expect((await postLogout(await signed(claims()))).statusCode).toBe(200);
    expect((await consoleSession(victim)).statusCode).toBe(401);
  });

  it('ends everything of the person from this provider for a logout token with only sub', async () => {
    const carol = await t.db.kysely
      .selectFrom('identities')
      .select('user_id')
      .where('provider_id', '=', providerId)
      .where('subject', '=', 'carol')
      .executeTakeFirstOrThrow();
    const meta = { ip: '192.0.2.1', userAgent: 't' };
    const fromIdp = await createSession(t.db.kysely, carol.user_id, meta, {
      providerId,
      idTokenSealed: null,
      sid: 'a',
    });
    const other = await createSession(t.db.kysely, carol.user_id, meta);
    const { jwt } = await op.sign({
      iss: op.issuer(TENANT),
      aud: clientId,
      iat: Math.floor(Date.now() / 1000),
      jti: randomUUID(),
      sub: 'carol',
      events: { [BACKCHANNEL_EVENT]: {} },
    });
    expect((await postLogout(jwt)).statusCode).toBe(200);
    expect((await consoleSession(fromIdp.token)).statusCode).toBe(401);
    // A session that did not come from this provider (a password sign-in) is not the IdP's to end.
    expect((await consoleSession(other.token)).statusCode).toBe(200);
  });

  it("ends the session and client token of a sid through the front-channel URL, frameable only by the IdP's origin", async () => {
    const sid = `sid-${randomUUID()}`;
    const victim = await sessionWithSid(sid);
    const owner = (await consoleSession(victim)).json().user.id as string;
    const device = { id: DEVICE.id, uuid: DEVICE.uuid };
    // A RustDesk device login through the same IdP session; another IdP session's token stays.
    const client = await issueClientToken(t.db.kysely, owner, device, { providerId, sid });
    const otherClient = await issueClientToken(t.db.kysely, owner, device, { providerId, sid: 'other' });
    const url = (iss: string) => `/api/oidc/frontchannel-logout/kc?iss=${encodeURIComponent(iss)}&sid=${sid}`;
    const wrong = await t.app.inject({ method: 'GET', url: url(`${op.origin}/evil/v2.0`) });
    expect(wrong.statusCode).toBe(400);
    expect((await consoleSession(victim)).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'GET', url: url(op.issuer(TENANT)) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain(`frame-ancestors ${op.origin}`);
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect((await consoleSession(victim)).statusCode).toBe(401);
    expect((await currentUser(client)).statusCode).toBe(401);
    expect((await currentUser(otherClient)).statusCode).toBe(200);
    // Every other page stays unframeable.
    const other = await t.app.inject({ method: 'GET', url: '/api/console/auth/session' });
    expect(other.headers['x-frame-options']).toBe('DENY');
    expect(other.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('shows the URLs to register on the provider page', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/console/sso/providers/${providerId}/directory`,
      headers: admin.headers,
    });
    expect(res.json()).toEqual({
      scimTenantUrl: `${origin}/scim/v2`,
      scimTokenCreatedAt: null,
      backchannelLogoutUrl: `${origin}/api/oidc/backchannel-logout/kc`,
      frontchannelLogoutUrl: `${origin}/api/oidc/frontchannel-logout/kc`,
    });
  });
});
