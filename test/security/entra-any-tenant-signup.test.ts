import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ConsoleSession, signIn, type TestApp } from '../harness.ts';
import { startTestOp, type TestOp } from '../op/index.ts';
import { ssoSignIn } from '../sso-login.ts';
import {
  type LoopbackServer,
  selfSignedCertificate,
  startConnectProxy,
  startHttpsFront,
} from '../tls-proxy.ts';

// Issue 9 §7: an Entra provider with the `organizations` (or `common`) issuer and no Allowed tenants, with
// auto-register on (the old default), let a person from ANY Microsoft Entra tenant — a stranger's free
// tenant — create a DeskGate account just by signing in. Now such a provider is saved only with the admin's
// explicit "any Microsoft Entra tenant may sign in", which turns auto-register off by default.
// On the old code the save answers 201 and the stranger (tenant B) gets an account.
// "login.microsoftonline.com" is an HTTPS front on loopback reached through a CONNECT proxy, as in
// src/sso/multi-tenant.test.ts, so openid-client applies its real Entra multi-tenant issuer rule.

const ENTRA = 'login.microsoftonline.com';
const ORIGIN = 'http://127.0.0.1:21114';
const COMPANY = randomUUID();
const STRANGER = randomUUID();

describe('Entra any-tenant sign-up', () => {
  let op: TestOp;
  let front: LoopbackServer;
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
  let t: TestApp;
  let admin: ConsoleSession;
  const tls = selfSignedCertificate(ENTRA);
  const provider = (name: string, extra: Record<string, unknown>) => ({
    name,
    type: 'entra',
    clientId: 'deskgate',
    clientSecret: 'mt-secret',
    issuer: `https://${ENTRA}/organizations/v2.0`,
    caCertificate: tls.cert,
    allowInsecureHttp: true,
    ...extra,
  });
  const create = (body: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/console/sso/providers',
      headers: admin.headers,
      payload: body,
    });
  const userNamed = (name: string) =>
    t.db.kysely.selectFrom('users').selectAll().where('username_key', '=', name).executeTakeFirst();

  beforeAll(async () => {
    op = await startTestOp({ tenants: [COMPANY, STRANGER] });
    front = await startHttpsFront(tls, op.origin);
    proxy = await startConnectProxy(ENTRA, front.port);
    await op.addClient({
      client_id: 'deskgate',
      client_secret: 'mt-secret',
      redirect_uris: [`${ORIGIN}/api/oidc/callback`],
    });
    await op.addUser(STRANGER, {
      accountId: 'mallory',
      claims: { email: 'mallory@free.example', name: 'M' },
    });
    t = await buildTestApp('sqlite', { publicUrl: ORIGIN, httpsProxy: proxy.url, noProxy: '127.0.0.1' });
    admin = await signIn(t.app);
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.close();
    await front?.close();
    await op?.stop();
  });

  it('refuses to save an organizations/common provider without Allowed tenants or the acknowledgement', async () => {
    for (const issuer of [`https://${ENTRA}/organizations/v2.0`, `https://${ENTRA}/common/v2.0`]) {
      const res = await create(provider('open', { issuer }));
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('ENTRA_ANY_TENANT_UNACKNOWLEDGED');
      expect(res.json().error).toMatch(/any Microsoft Entra tenant/);
    }
    // A custom-OIDC provider pointed at the same authority cannot apply Allowed tenants at all.
    const custom = await create(provider('open', { type: 'oidc', allowedTenants: [COMPANY] }));
    expect(custom.json().code).toBe('ENTRA_ANY_TENANT_UNACKNOWLEDGED');
    // …and the mallory sign-in below has no provider to go through.
    expect(await userNamed('mallory')).toBeUndefined();
  });

  it('lets nobody from a stranger tenant create an account once acknowledged: auto-register is off', async () => {
    const res = await create(provider('any', { anyEntraTenant: true }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ anyEntraTenant: true, autoRegister: false });
    const { res: signedIn } = await ssoSignIn(t.app, op, 'any', 'mallory');
    expect(signedIn.session).toBeUndefined();
    expect(signedIn.location).toContain('code=SSO_NOT_REGISTERED');
    expect(await userNamed('mallory')).toBeUndefined();
  });

  it('keeps refusing an existing provider that is opened to any tenant by an edit', async () => {
    const limited = await create(provider('limited', { allowedTenants: [COMPANY] }));
    expect(limited.statusCode).toBe(201);
    const opened = await t.app.inject({
      method: 'PATCH',
      url: `/api/console/sso/providers/${limited.json().id}`,
      headers: admin.headers,
      payload: { allowedTenants: [] },
    });
    expect(opened.statusCode).toBe(400);
    expect(opened.json().code).toBe('ENTRA_ANY_TENANT_UNACKNOWLEDGED');
    const { res: signedIn } = await ssoSignIn(t.app, op, 'limited', 'mallory');
    expect(signedIn.session).toBeUndefined();
    expect(await userNamed('mallory')).toBeUndefined();
  });

  it('accepts a tenant-specific issuer, and a disabled provider, without the acknowledgement', async () => {
    const own = await create(provider('own', { issuer: `https://${ENTRA}/${COMPANY}/v2.0`, enabled: false }));
    expect(own.statusCode).toBe(201);
    const off = await create(provider('off', { enabled: false }));
    expect(off.statusCode).toBe(201);
    expect(off.json().autoRegister).toBe(true);
  });

  it('creates no account through a provider saved before the acknowledgement existed', async () => {
    const res = await create(provider('legacy', { anyEntraTenant: true }));
    // As stored by an older version: any tenant, auto-register on, no acknowledgement.
    const row = await t.db.kysely
      .selectFrom('oidc_providers')
      .select('settings')
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    const { anyEntraTenant: _, ...older } = JSON.parse(row.settings);
    await t.db.kysely
      .updateTable('oidc_providers')
      .set({ settings: JSON.stringify({ ...older, autoRegister: true }), updated_at: Date.now() })
      .where('id', '=', res.json().id)
      .execute();
    const { res: signedIn } = await ssoSignIn(t.app, op, 'legacy', 'mallory');
    expect(signedIn.session).toBeUndefined();
    expect(signedIn.location).toContain('code=SSO_NOT_REGISTERED');
    expect(await userNamed('mallory')).toBeUndefined();
  });
});
