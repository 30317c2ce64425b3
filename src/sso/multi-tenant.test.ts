import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ConsoleSession, signIn, type TestApp } from '../../test/harness.ts';
import { startTestOp, type TestOp } from '../../test/op/index.ts';
import { lastLoginFailure, ssoSignIn } from '../../test/sso-login.ts';
import {
  type LoopbackServer,
  selfSignedCertificate,
  startConnectProxy,
  startHttpsFront,
} from '../../test/tls-proxy.ts';

// Entra multi-tenant (`organizations`) with an Allowed tenants list, reached the way a locked-down company
// network reaches it: through an outbound proxy (HTTPS_PROXY) and a privately signed certificate (the
// provider's custom CA). "login.microsoftonline.com" is an HTTPS front on loopback, reached only through
// the proxy's CONNECT tunnel, serving the test OP's `/organizations/v2.0` authority. openid-client applies
// its `{tenantid}` issuer rule because the discovery URL really is https://login.microsoftonline.com.

const ENTRA = 'login.microsoftonline.com';
const ORIGIN = 'http://127.0.0.1:21114';
const TENANT_A = randomUUID();
const TENANT_B = randomUUID();

describe('Entra multi-tenant through an outbound proxy and a private CA', () => {
  let op: TestOp;
  let front: LoopbackServer;
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
  let t: TestApp;
  let admin: ConsoleSession;
  let providerId: string;
  const tls = selfSignedCertificate(ENTRA);
  beforeAll(async () => {
    op = await startTestOp({ tenants: [TENANT_A, TENANT_B] });
    front = await startHttpsFront(tls, op.origin);
    proxy = await startConnectProxy(ENTRA, front.port);
    await op.addClient({
      client_id: 'deskgate',
      client_secret: 'mt-secret',
      redirect_uris: [`${ORIGIN}/api/oidc/callback`],
    });
    await op.addUser(TENANT_A, { accountId: 'anna', claims: { email: 'anna@a.example', name: 'Anna' } });
    await op.addUser(TENANT_B, { accountId: 'boris', claims: { email: 'boris@b.example', name: 'Boris' } });
    // The test OP's own endpoints are plain http on 127.0.0.1: they bypass the proxy (NO_PROXY).
    t = await buildTestApp('sqlite', { publicUrl: ORIGIN, httpsProxy: proxy.url, noProxy: '127.0.0.1' });
    admin = await signIn(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/console/sso/providers',
      headers: admin.headers,
      payload: {
        name: 'entra-mt',
        type: 'entra',
        clientId: 'deskgate',
        clientSecret: 'mt-secret',
        issuer: `https://${ENTRA}/organizations/v2.0`,
        allowedTenants: [TENANT_A],
        caCertificate: tls.cert,
        // The discovered endpoints are the test OP's http ones; in production they are https.
        allowInsecureHttp: true,
      },
    });
    expect(res.statusCode).toBe(201);
    providerId = res.json().id;
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.close();
    await front?.close();
    await op?.stop();
  });

  const userNamed = (name: string) =>
    t.db.kysely.selectFrom('users').selectAll().where('username_key', '=', name).executeTakeFirst();

  it('signs in a person from an allowed tenant, discovering through the proxy and trusting the CA', async () => {
    const { res } = await ssoSignIn(t.app, op, 'entra-mt', 'anna');
    expect(res.location).toBe('/users');
    expect(res.session).toBeDefined();
    expect(proxy.seen).toContain(`CONNECT ${ENTRA}:443`);
    const anna = await userNamed('anna');
    const identity = await t.db.kysely
      .selectFrom('identities')
      .selectAll()
      .where('user_id', '=', anna?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ tenant_id: TENANT_A, issuer: `${op.origin}/${TENANT_A}/v2.0` });
  });

  it('refuses a person whose tenant is not in Allowed tenants, in words, without creating them', async () => {
    const { res } = await ssoSignIn(t.app, op, 'entra-mt', 'boris');
    expect(res.session).toBeUndefined();
    expect(res.location).toBe('/login?code=SSO_NOT_ALLOWED');
    expect(res.failure).toMatch(new RegExp(`tenant ${TENANT_B}\\) is not allowed to sign in here`));
    expect(await userNamed('boris')).toBeUndefined();
  });

  it('runs the Test button through the same proxy and CA', async () => {
    const check = (caCertificate: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/console/sso/providers/test',
        headers: admin.headers,
        payload: { issuer: `https://${ENTRA}/organizations/v2.0`, clientId: 'deskgate', caCertificate },
      });
    const ok = (await check(tls.cert)).json();
    expect(ok.checks.map((c: { ok: boolean }) => c.ok)).toEqual([true, true, true, true]);
    const refused = (await check('')).json();
    expect(refused.ok).toBe(false);
  });

  it('says why when the private CA is missing: the certificate is not trusted', async () => {
    const patch = (caCertificate: string) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/console/sso/providers/${providerId}`,
        headers: admin.headers,
        payload: { caCertificate },
      });
    await patch('');
    try {
      const start = await t.app.inject({ method: 'GET', url: '/api/oidc/login/entra-mt' });
      // Issue 15 §8: said as a connection that could not be made, not as a wrong discovery document.
      expect(start.headers.location).toBe('/login?code=SSO_IDP_UNREACHABLE');
      const location = await lastLoginFailure(t.app);
      expect(location).toMatch(/could not reach "entra-mt" .*its TLS certificate is not trusted/);
      expect(location).toMatch(/CA certificate/);
    } finally {
      await patch(tls.cert);
    }
  });
});
