import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { startTestOp, type TamperMode, type TestOp } from '../../test/op/index.ts';
import { deliverCallback, lastLoginFailure, ssoSignIn, startAndLogin } from '../../test/sso-login.ts';
import { RESUBMIT_FIELD } from './form-post.ts';

// Code, hybrid (`code id_token`) and implicit (`id_token`) with form_post against the real OP, and the
// OpenID RP certification negatives (oidc-notes §1.2) for each: refused, no session, no user, words.

const ORIGIN = 'http://127.0.0.1:21114';
const TENANT = randomUUID();
const FLOWS = [
  { name: 'code', responseType: 'code' },
  { name: 'hybrid', responseType: 'code id_token' },
  { name: 'implicit', responseType: 'id_token' },
] as const;

let op: TestOp;
beforeAll(async () => {
  op = await startTestOp({ tenants: [TENANT] });
  await op.addClient({
    client_id: 'deskgate',
    client_secret: 'client-secret-1',
    redirect_uris: [`${ORIGIN}/api/oidc/callback`],
    response_types: ['code', 'code id_token', 'id_token'],
  });
  await op.addUser(TENANT, {
    accountId: 'alice',
    claims: { email: 'alice@contoso.example', name: 'Alice Example', groups: ['staff'] },
  });
  // No email or name in the ID token: code and hybrid fetch UserInfo for them, implicit cannot.
  await op.addUser(TENANT, { accountId: 'erin', claims: { name: '' } });
  await op.addUser(TENANT, { accountId: 'mallory', claims: { name: '' } });
});
afterAll(async () => op?.stop());

describe.each(dialects())('response types on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  const ids = new Map<string, string>();
  beforeAll(async () => {
    t = await buildTestApp(dialect, { publicUrl: ORIGIN });
    admin = await signIn(t.app);
    for (const flow of FLOWS) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/console/sso/providers',
        headers: admin.headers,
        payload: {
          name: flow.name,
          type: 'entra',
          clientId: 'deskgate',
          clientSecret: 'client-secret-1',
          issuer: op.issuer(TENANT),
          responseType: flow.responseType,
        },
      });
      expect(res.statusCode).toBe(201);
      ids.set(flow.name, res.json().id);
    }
  });
  afterAll(async () => t.close());

  /** Saving the provider again makes DeskGate rediscover it (its cache follows the row's version). */
  const touch = async (name: string) => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/console/sso/providers/${ids.get(name)}`,
      headers: admin.headers,
      payload: { enabled: true },
    });
    expect(res.statusCode).toBe(200);
  };
  const userNamed = (name: string) =>
    t.db.kysely.selectFrom('users').selectAll().where('username_key', '=', name).executeTakeFirst();

  for (const flow of FLOWS) {
    it(`${flow.name}: signs alice in (form_post for front-channel ID tokens) and refuses a replay`, async () => {
      const { back, binding } = await startAndLogin(t.app, op, flow.name, 'alice');
      expect(back?.method).toBe(flow.responseType === 'code' ? 'GET' : 'POST');
      if (!back) throw new Error('no answer from the OP');
      const res = await deliverCallback(t.app, back, binding);
      expect(res.location).toBe('/users');
      expect(res.session).toBeDefined();
      expect(await userNamed('alice')).toMatchObject({ email: 'alice@contoso.example' });
      const again = await deliverCallback(t.app, back, binding);
      expect(again.session).toBeUndefined();
      expect(again.location).toBe('/login?code=SSO_LINK_EXPIRED');
      expect(again.failure).toMatch(/expired or was already used/);
    });
  }

  it('answers a form_post without the binding cookie with a same-origin page that posts it again', async () => {
    const { back, binding } = await startAndLogin(t.app, op, 'hybrid', 'alice');
    if (back?.method !== 'POST') throw new Error('expected form_post');
    const page = await deliverCallback(t.app, back, undefined);
    expect(page.statusCode).toBe(200);
    expect(page.session).toBeUndefined();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/oidc/callback',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(back.form).toString(),
    });
    const csp = String(res.headers['content-security-policy']);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain("form-action 'self'");
    expect(res.body).toContain(`<script nonce="${nonce}">`);
    expect(res.body).toContain('action="/api/oidc/callback"');
    expect(res.body).toContain('<noscript>');
    expect(res.cookies).toHaveLength(0); // the cookie it needs next must not be cleared
    // The re-submitted POST (same origin, so the Lax cookie comes along) completes the sign-in...
    const fields = { ...back.form, [RESUBMIT_FIELD]: '1' };
    const done = await deliverCallback(t.app, { method: 'POST', url: back.url, form: fields }, binding);
    expect(done.session).toBeDefined();
    // ...and a re-submitted POST that still has no cookie is a foreign browser: refused, no loop.
    const { back: other } = await startAndLogin(t.app, op, 'hybrid', 'alice');
    if (other?.method !== 'POST') throw new Error('expected form_post');
    const foreign = await deliverCallback(
      t.app,
      { ...other, form: { ...other.form, [RESUBMIT_FIELD]: '1' } },
      undefined,
    );
    expect(foreign.session).toBeUndefined();
    expect(foreign.location).toBe('/login?code=SSO_LINK_EXPIRED');
    expect(foreign.failure).toMatch(/expired or was already used/);
  });

  it('shows an IdP error delivered by form_post at once, with the Entra fix (rp-response_mode-form_post-error)', async () => {
    const res = await deliverCallback(
      t.app,
      {
        method: 'POST',
        url: `${ORIGIN}/api/oidc/callback`,
        form: {
          error: 'invalid_request',
          error_description: "AADSTS700054: response_type 'id_token' is not enabled for the application.",
          state: 'whatever',
        },
      },
      undefined,
    );
    expect(res.statusCode).toBe(302);
    expect(res.location).toBe('/login?code=SSO_IDP_ID_TOKEN_DISABLED');
    expect(res.failure).toMatch(/The identity provider refused the sign-in: invalid_request/);
    expect(res.failure).toMatch(/ID tokens \(used for implicit and hybrid flows\)/);
  });

  it('refuses a callback POST that is not a form', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/oidc/callback',
      payload: { state: 'x', code: 'y' },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toMatch(/form/);
  });

  it('implicit: takes the claims from the ID token alone (no access token, so no UserInfo call)', async () => {
    // The OP would answer UserInfo with a foreign sub; implicit never asks, so the sign-in still works.
    await op.setTamper('userinfo-sub-mismatch');
    try {
      const { res } = await ssoSignIn(t.app, op, 'implicit', 'erin');
      expect(res.session).toBeDefined();
      expect(await userNamed('erin')).toMatchObject({ email: '' });
    } finally {
      await op.setTamper('none');
    }
  });

  it('hybrid: still verifies the front-channel ID token right after the OP replaces its key', async () => {
    expect((await ssoSignIn(t.app, op, 'hybrid', 'alice')).res.session).toBeDefined();
    await op.rotateKeys({ removeOld: true });
    expect((await ssoSignIn(t.app, op, 'hybrid', 'alice')).res.session).toBeDefined();
  });

  it('refuses a callback whose state belongs to another browser (state mismatch, login CSRF)', async () => {
    const mine = await startAndLogin(t.app, op, 'code', 'mallory');
    const theirs = await startAndLogin(t.app, op, 'code', 'alice');
    if (!theirs.back) throw new Error('no answer from the OP');
    const res = await deliverCallback(t.app, theirs.back, mine.binding);
    expect(res.session).toBeUndefined();
    expect(res.location).toBe('/login?code=SSO_LINK_EXPIRED');
    expect(res.failure).toMatch(/expired or was already used/);
    const forged = new URL(theirs.back.url);
    forged.searchParams.set('state', 'forged');
    const res2 = await deliverCallback(t.app, { method: 'GET', url: forged.href }, theirs.binding);
    expect(res2.session).toBeUndefined();
  });

  it('refuses a discovery document whose issuer differs from the configured one, before any redirect', async () => {
    const pending = () => t.db.kysely.selectFrom('pending_logins').selectAll().execute();
    const before = (await pending()).length;
    await op.setTamper('discovery-issuer-mismatch');
    try {
      await touch('code');
      const start = await t.app.inject({ method: 'GET', url: '/api/oidc/login/code' });
      const location = decodeURIComponent(String(start.headers.location));
      // A wrong answer, not an unreachable provider (issue 15 §8): worded as an answer that cannot be verified.
      expect(location).toBe('/login?code=SSO_VERIFY_FAILED');
      expect(await lastLoginFailure(t.app)).toMatch(/could not read the discovery document/);
      expect(start.cookies.find((c) => c.name === 'deskgate_oidc')).toBeUndefined();
      expect(await pending()).toHaveLength(before);
    } finally {
      await op.setTamper('none');
      await touch('code');
    }
  });

  const ID_TOKEN_NEGATIVES: TamperMode[] = [
    'bad-signature',
    'alg-none',
    'wrong-iss',
    'wrong-aud',
    'expired',
    'iat-future',
    'missing-iat',
    'missing-sub',
    'missing-nonce',
    'wrong-nonce',
    'kid-absent-multiple-keys',
  ];
  const CASES: Array<[string, TamperMode]> = [
    ...FLOWS.flatMap((f) => ID_TOKEN_NEGATIVES.map((m): [string, TamperMode] => [f.name, m])),
    ['code', 'userinfo-sub-mismatch'],
    ['hybrid', 'userinfo-sub-mismatch'],
    ['hybrid', 'bad-c_hash'],
    ['hybrid', 'missing-c_hash'],
  ];
  for (const [flow, mode] of CASES) {
    it(`${flow}: refuses ${mode} — no session, no user, an error in words`, async () => {
      await op.setTamper(mode);
      try {
        // Rediscover under the tampered OP (alg-none also lists "none" in the discovery document).
        await touch(flow);
        const { res } = await ssoSignIn(t.app, op, flow, 'mallory');
        expect(res.session).toBeUndefined();
        expect(res.location).toBe('/login?code=SSO_VERIFY_FAILED');
        expect(res.failure).toMatch(/^The identity provider's answer could not be verified/);
        expect(await userNamed('mallory')).toBeUndefined();
      } finally {
        await op.setTamper('none');
        await touch(flow);
      }
    });
  }
});
