import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { startTestOp, type TestOp } from '../../test/op/index.ts';
import type { RegisteredUser } from '../../test/op/types.ts';

// The admin-facing side of single sign-on: Test sign-in, RP-initiated logout, hiding the password form,
// and a user's linked identities — through the front door, against the real test OP.

const ORIGIN = 'http://127.0.0.1:21115';
const TENANT = randomUUID();

let op: TestOp;
let dave: RegisteredUser;
beforeAll(async () => {
  op = await startTestOp({ tenants: [TENANT] });
  await op.addClient({
    client_id: 'deskgate',
    client_secret: 'client-secret-1',
    redirect_uris: [`${ORIGIN}/api/oidc/callback`],
    post_logout_redirect_uris: [`${ORIGIN}/login`],
  });
  dave = await op.addUser(TENANT, {
    accountId: 'dave',
    claims: { email: 'dave@contoso.example', name: 'Dave Example', groups: ['staff', 'rd-admins'] },
  });
  await op.addUser(TENANT, {
    accountId: 'erin',
    claims: { email: 'erin@other.example', name: 'Erin', groups: ['guests'] },
  });
});
afterAll(async () => op?.stop());

describe.each(dialects())('single sign-on administration on %s', (dialect) => {
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
        adminGroups: ['rd-admins'],
      },
    });
    expect(res.statusCode).toBe(201);
    providerId = res.json().id;
  });
  afterAll(async () => t.close());

  const db = () => t.db.kysely;
  const patch = (body: Record<string, unknown>) =>
    t.app.inject({
      method: 'PATCH',
      url: `/api/console/sso/providers/${providerId}`,
      headers: admin.headers,
      payload: body,
    });
  const counts = async () => ({
    users: (await db().selectFrom('users').select('id').execute()).length,
    identities: (await db().selectFrom('identities').select('id').execute()).length,
    sessions: (await db().selectFrom('sessions').select('token_hash').execute()).length,
  });

  /** Test sign-in as the admin: start, sign in at the OP, callback; returns the page and the stored outcome. */
  async function testSignIn(username: string, as: ConsoleSession = admin) {
    const start = await t.app.inject({
      method: 'GET',
      url: `/api/oidc/test/${providerId}`,
      headers: { cookie: as.headers.cookie },
    });
    expect(start.statusCode).toBe(302);
    // prompt=login: the admin's own IdP session must not answer for the person being tested.
    expect(new URL(String(start.headers.location)).searchParams.get('prompt')).toBe('login');
    const binding = start.cookies.find((c) => c.name === 'deskgate_oidc');
    const back = new URL((await op.loginAs(String(start.headers.location), username)).url);
    const callback = await t.app.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      headers: { cookie: `deskgate_oidc=${binding?.value}` },
    });
    expect(callback.cookies.find((c) => c.name === 'deskgate_session')).toBeUndefined();
    const page = String(callback.headers.location);
    expect(page).toMatch(/^\/settings\/oidc\/test\/[0-9a-f-]{36}$/);
    const resultId = page.split('/').at(-1) ?? '';
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/console/sso/test-results/${resultId}`,
      headers: as.headers,
    });
    return { resultId, read };
  }

  /** A real console sign-in through the OP; returns the session cookie header. */
  async function ssoSignIn(username: string) {
    const start = await t.app.inject({ method: 'GET', url: '/api/oidc/login/azure' });
    const binding = start.cookies.find((c) => c.name === 'deskgate_oidc');
    const back = new URL((await op.loginAs(String(start.headers.location), username)).url);
    const res = await t.app.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      headers: { cookie: `deskgate_oidc=${binding?.value}` },
    });
    const session = res.cookies.find((c) => c.name === 'deskgate_session');
    if (!session) throw new Error(`sso sign-in failed: ${res.headers.location}`);
    const cookie = `deskgate_session=${session.value}`;
    const info = await t.app.inject({ method: 'GET', url: '/api/console/auth/session', headers: { cookie } });
    return { cookie, 'x-csrf-token': info.json().csrfToken as string };
  }

  describe('Test sign-in', () => {
    it('shows an allowed person’s claims and verdict, creating no user, identity or session', async () => {
      const before = await counts();
      const { read } = await testSignIn('dave');
      expect(read.statusCode).toBe(200);
      const { result, error } = read.json();
      expect(error).toBeNull();
      expect(result).toMatchObject({
        provider: 'azure',
        username: 'dave',
        email: 'dave@contoso.example',
        emailVerified: false,
        groups: ['staff', 'rd-admins'],
        isAdmin: true,
        allowed: true,
        reasons: [],
        existingUser: null,
        subject: dave.claims.oid,
        issuer: op.issuer(TENANT),
      });
      expect(result.idTokenClaims).toMatchObject({
        tid: TENANT,
        oid: dave.claims.oid,
        iss: op.issuer(TENANT),
      });
      expect(result.userinfoClaims).toMatchObject({ sub: 'dave', email: 'dave@contoso.example' });
      expect(await counts()).toEqual(before);
    });

    it('lists every reason a refused person would be refused, and still creates nothing', async () => {
      await patch({
        allowedGroups: ['staff'],
        allowedEmailDomains: ['contoso.example'],
        autoRegister: false,
      });
      try {
        const before = await counts();
        const { result } = (await testSignIn('erin')).read.json();
        expect(result).toMatchObject({
          username: 'erin',
          groups: ['guests'],
          isAdmin: false,
          allowed: false,
        });
        expect(result.reasons).toEqual([
          expect.stringMatching(/not in an allowed domain/),
          expect.stringMatching(/not a member of a group allowed/),
          expect.stringMatching(/not registered in DeskGate/),
        ]);
        expect(await counts()).toEqual(before);
      } finally {
        await patch({ allowedGroups: [], allowedEmailDomains: [], autoRegister: true });
      }
    });

    it('names the existing DeskGate user a person maps to', async () => {
      await ssoSignIn('dave');
      const { result } = (await testSignIn('dave')).read.json();
      expect(result).toMatchObject({ existingUser: 'dave', username: 'dave', allowed: true });
    });

    it('is readable only by the admin who started it, and only admins can start one', async () => {
      const { resultId } = await testSignIn('dave');
      await t.app.inject({
        method: 'POST',
        url: '/api/console/users',
        headers: admin.headers,
        payload: { username: 'admin2', password: 'admin2-password', isAdmin: true },
      });
      const other = await signIn(t.app, 'admin2', 'admin2-password');
      const read = await t.app.inject({
        method: 'GET',
        url: `/api/console/sso/test-results/${resultId}`,
        headers: other.headers,
      });
      expect(read.statusCode).toBe(404);
      expect(read.json().error).toMatch(/not found/);
      const anonymous = await t.app.inject({ method: 'GET', url: `/api/oidc/test/${providerId}` });
      expect(anonymous.statusCode).toBe(401);
    });

    it('records a failed verification in words on the result page', async () => {
      await op.setTamper('bad-signature');
      try {
        const { read } = await testSignIn('dave');
        expect(read.json()).toMatchObject({ result: null, code: 'SSO_VERIFY_FAILED' });
        expect(read.json().error).toMatch(/could not be verified/);
      } finally {
        await op.setTamper('none');
      }
    });
  });

  describe('Log out', () => {
    it('sends an SSO session to the IdP’s end-session endpoint when the admin enabled it', async () => {
      await patch({ endSessionEnabled: true });
      const headers = await ssoSignIn('dave');
      const row = await db()
        .selectFrom('sessions')
        .selectAll()
        .where('sso_provider_id', '=', providerId)
        .executeTakeFirstOrThrow();
      expect(row.id_token_sealed).toMatch(/^v1\./);
      const res = await t.app.inject({ method: 'POST', url: '/api/console/auth/logout', headers });
      expect(res.statusCode).toBe(200);
      const url = new URL(res.json().endSessionUrl);
      expect(url.href.startsWith(`${op.issuer(TENANT)}/session/end`)).toBe(true);
      expect(url.searchParams.get('client_id')).toBe('deskgate');
      expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${ORIGIN}/login`);
      const hint = url.searchParams.get('id_token_hint') ?? '';
      expect(hint.split('.')).toHaveLength(3);
      // Stored sealed, never plain: no piece of the token's payload is in the row.
      expect(row.id_token_sealed).not.toContain(hint.split('.')[1]?.slice(0, 24));
      expect(await op.endSession(url)).toEqual({ method: 'GET', url: `${ORIGIN}/login` });
      const after = await t.app.inject({ method: 'GET', url: '/api/console/auth/session', headers });
      expect(after.statusCode).toBe(401);
    });

    it('ends only the local session when RP-initiated logout is off, or the session used a password', async () => {
      await patch({ endSessionEnabled: false });
      const sso = await ssoSignIn('dave');
      let res = await t.app.inject({ method: 'POST', url: '/api/console/auth/logout', headers: sso });
      expect(res.json()).toEqual({ ok: true, endSessionUrl: null });
      await patch({ endSessionEnabled: true });
      const local = await signIn(t.app);
      res = await t.app.inject({ method: 'POST', url: '/api/console/auth/logout', headers: local.headers });
      expect(res.json()).toEqual({ ok: true, endSessionUrl: null });
      await patch({ endSessionEnabled: false });
    });
  });

  describe('Hide the password form', () => {
    const options = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/console/auth/login-options' })).json();
    const save = (hidePasswordLogin: unknown) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/console/sso/settings',
        headers: admin.headers,
        payload: { hidePasswordLogin },
      });

    it('is stored, and hides the form only while a provider is enabled', async () => {
      expect((await save(true)).json()).toMatchObject({ hidePasswordLogin: true });
      expect(await options()).toEqual({ hidePasswordLogin: true });
      await patch({ enabled: false });
      expect(await options()).toEqual({ hidePasswordLogin: false });
      await patch({ enabled: true });
      // The local password path keeps working: the emergency way in.
      expect((await signIn(t.app)).userId).toBeTruthy();
      expect((await save(false)).json()).toMatchObject({ hidePasswordLogin: false });
      expect(await options()).toEqual({ hidePasswordLogin: false });
      expect((await save('yes')).statusCode).toBe(400);
    });
  });

  describe('Identities on a user’s page', () => {
    it('lists, unlinks and links identities, refuses a subject linked elsewhere, and audits each change', async () => {
      const dave = await db()
        .selectFrom('users')
        .selectAll()
        .where('username_key', '=', 'dave')
        .executeTakeFirstOrThrow();
      const url = `/api/console/users/${dave.id}/identities`;
      const list = (await t.app.inject({ method: 'GET', url, headers: admin.headers })).json();
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({
        providerName: 'azure',
        tenantId: TENANT,
        email: 'dave@contoso.example',
      });
      const { subject, issuer } = list[0];

      const adminUrl = `/api/console/users/${admin.userId}/identities`;
      const refused = await t.app.inject({
        method: 'POST',
        url: adminUrl,
        headers: admin.headers,
        payload: { providerId, subject },
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatch(/already linked to "dave"/);

      const unlink = await t.app.inject({
        method: 'DELETE',
        url: `${url}/${list[0].id}`,
        headers: admin.headers,
      });
      expect(unlink.json()).toEqual({ ok: true });
      const linked = await t.app.inject({
        method: 'POST',
        url: adminUrl,
        headers: admin.headers,
        payload: { providerId, subject, issuer },
      });
      expect(linked.statusCode).toBe(201);
      expect(linked.json()).toMatchObject({ subject, tenantId: TENANT, objectId: subject });
      // Dave's next sign-in lands on the account the admin linked.
      const session = await ssoSignIn('dave');
      const who = await t.app.inject({ method: 'GET', url: '/api/console/auth/session', headers: session });
      expect(who.json().user.username).toBe('admin');

      const actions = (await db().selectFrom('audit_log').select('action').execute()).map((a) => a.action);
      expect(actions).toEqual(expect.arrayContaining(['user.identity.unlink', 'user.identity.link']));
      const missing = await t.app.inject({
        method: 'DELETE',
        url: `${url}/${randomUUID()}`,
        headers: admin.headers,
      });
      expect(missing.statusCode).toBe(404);
      const badProvider = await t.app.inject({
        method: 'POST',
        url: adminUrl,
        headers: admin.headers,
        payload: { providerId: randomUUID(), subject: 'x' },
      });
      expect(badProvider.statusCode).toBe(404);
    });
  });
});
