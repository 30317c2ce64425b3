import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ConsoleSession, signIn, type TestApp } from '../../test/harness.ts';
import { startTestOp, type TestOp } from '../../test/op/index.ts';
import { freePort } from '../../test/postgres.ts';
import { lastLoginFailureDetail, ssoSignIn, startAndLogin } from '../../test/sso-login.ts';

// Issue 15 §8: IdP faults worded by what happened, one discovery fetch for concurrent sign-ins, and a logout
// that never waits on the IdP for more than 2 s. Real faults: a closed port (unreachable), a TCP server that
// accepts and never answers (timeout), the real test OP with a wrong client secret (refused).
// SQLite only: the wording and the waits do not depend on the dialect.
const ORIGIN = 'http://127.0.0.1:21114';
const TENANT = randomUUID();

let op: TestOp;
let t: TestApp;
let admin: ConsoleSession;
let hangPort: number;
let closedPort: number;
const hanging: Socket[] = [];
const silent = createServer((socket) => {
  hanging.push(socket); // accepted, never answered
});

beforeAll(async () => {
  op = await startTestOp({ tenants: [TENANT] });
  await op.addClient({
    client_id: 'deskgate',
    client_secret: 'client-secret-1',
    redirect_uris: [`${ORIGIN}/api/oidc/callback`],
  });
  await op.addUser(TENANT, { accountId: 'alice', claims: { email: 'alice@contoso.example', name: 'Alice' } });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  hangPort = (silent.address() as { port: number }).port;
  closedPort = await freePort();
  t = await buildTestApp('sqlite', { publicUrl: ORIGIN });
  admin = await signIn(t.app);
});
afterAll(async () => {
  for (const s of hanging) s.destroy();
  silent.close();
  await t?.close();
  await op?.stop();
});

async function addProvider(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/console/sso/providers',
    headers: admin.headers,
    payload: {
      name,
      type: 'oidc',
      clientId: 'deskgate',
      clientSecret: 'client-secret-1',
      issuer: op.issuer(TENANT),
      autoRegister: true,
      ...extra,
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

/**
 * A failed sign-in: the code the /login page is sent (issue 9 §7: never free text in the URL) and the
 * sentence kept for admins in the audit trail's last `sso.login.failure`.
 */
async function landing(location: string) {
  const url = new URL(location, ORIGIN);
  const { reason = '' } = await lastLoginFailureDetail(t.app);
  return { error: String(reason), code: url.searchParams.get('code') };
}

describe('sign-in under IdP faults is worded by what happened', () => {
  it('token endpoint timed out → SSO_IDP_TIMEOUT, not "could not be verified", no Issuer advice', async () => {
    await addProvider('slow', { tokenEndpoint: `http://127.0.0.1:${hangPort}/token` });
    const started = Date.now();
    const { res } = await ssoSignIn(t.app, op, 'slow', 'alice');
    const { error, code } = await landing(res.location);
    expect(code).toBe('SSO_IDP_TIMEOUT');
    expect(error).toBe(
      'The identity provider "slow" did not answer within 10 seconds. Nobody was signed in; try again in a moment.',
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('token endpoint unreachable → SSO_IDP_UNREACHABLE with the cause', async () => {
    await addProvider('gone', { tokenEndpoint: `http://127.0.0.1:${closedPort}/token` });
    const { res } = await ssoSignIn(t.app, op, 'gone', 'alice');
    const { error, code } = await landing(res.location);
    expect(code).toBe('SSO_IDP_UNREACHABLE');
    expect(error).toMatch(
      /^DeskGate could not reach the identity provider "gone" \(the connection was refused, ECONNREFUSED\)\. Nobody was signed in/,
    );
  });

  it('token endpoint refused (invalid_client) → SSO_IDP_ERROR with the OAuth error, no Issuer advice', async () => {
    await addProvider('wrongsecret', { clientSecret: 'not-the-secret' });
    const { res } = await ssoSignIn(t.app, op, 'wrongsecret', 'alice');
    const { error, code } = await landing(res.location);
    expect(code).toBe('SSO_IDP_ERROR');
    expect(error).toMatch(/^The identity provider refused to complete the sign-in: invalid_client/);
    expect(error).not.toMatch(/Issuer|could not be verified/);
  });

  it('discovery: unreachable says so; only a wrong answer points at the Issuer field', async () => {
    await addProvider('nodisco', { issuer: `http://127.0.0.1:${closedPort}/t/v2.0` });
    const refused = await t.app.inject({ method: 'GET', url: '/api/oidc/login/nodisco' });
    expect(await landing(String(refused.headers.location))).toEqual({
      code: 'SSO_IDP_UNREACHABLE',
      error: `DeskGate could not reach "nodisco" at http://127.0.0.1:${closedPort}/t/v2.0 (the connection was refused, ECONNREFUSED). Check the network, firewall and proxy between DeskGate and the provider.`,
    });
    await addProvider('wrongissuer', { issuer: `${op.issuer(TENANT)}/nothing-here` });
    const wrong = await t.app.inject({ method: 'GET', url: '/api/oidc/login/wrongissuer' });
    const { error, code } = await landing(String(wrong.headers.location));
    expect(code).toBe('SSO_VERIFY_FAILED');
    expect(error).toMatch(/could not read the discovery document .* Check the Issuer field\.$/);
  });
});

describe('one discovery for concurrent sign-ins', () => {
  let idp: Server;
  let discoveries = 0;
  beforeAll(async () => {
    // A minimal IdP whose discovery answers slowly, so 20 sign-ins really overlap.
    idp = createHttpServer((req, res) => {
      const origin = `http://127.0.0.1:${(idp.address() as { port: number }).port}`;
      if (req.url !== '/.well-known/openid-configuration') return void res.writeHead(404).end();
      discoveries += 1;
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            issuer: origin,
            authorization_endpoint: `${origin}/authorize`,
            token_endpoint: `${origin}/token`,
            jwks_uri: `${origin}/jwks`,
            response_types_supported: ['code'],
          }),
        );
      }, 300);
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => idp.close());

  it('20 concurrent sign-ins with a cold cache fetch the discovery document once', async () => {
    await addProvider('shared', { issuer: `http://127.0.0.1:${(idp.address() as { port: number }).port}` });
    const starts = await Promise.all(
      Array.from({ length: 20 }, () => t.app.inject({ method: 'GET', url: '/api/oidc/login/shared' })),
    );
    for (const s of starts) expect(String(s.headers.location)).toMatch(/\/authorize\?/);
    expect(discoveries).toBe(1);
  });
});

describe('Log out with a hanging IdP', () => {
  it('answers within about 2 s and ends the local session', async () => {
    const id = await addProvider('azure', { endSessionEnabled: true });
    const { back, binding } = await startAndLogin(t.app, op, 'azure', 'alice');
    const url = new URL(String(back?.url));
    const cb = await t.app.inject({
      method: 'GET',
      url: `${url.pathname}${url.search}`,
      headers: { cookie: `deskgate_oidc=${binding}` },
    });
    const session = cb.cookies.find((c) => c.name === 'deskgate_session')?.value;
    expect(session).toBeTruthy();
    // The provider now points at an IdP that accepts and never answers (its cached discovery is stale).
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/console/sso/providers/${id}`,
      headers: admin.headers,
      payload: { issuer: `http://127.0.0.1:${hangPort}/t/v2.0` },
    });
    expect(patched.statusCode).toBe(200);
    const session2 = await t.app.inject({
      method: 'GET',
      url: '/api/console/auth/session',
      headers: { cookie: `deskgate_session=${session}` },
    });
    const headers = { cookie: `deskgate_session=${session}`, 'x-csrf-token': session2.json().csrfToken };
    const started = Date.now();
    const res = await t.app.inject({ method: 'POST', url: '/api/console/auth/logout', headers });
    const took = Date.now() - started;
    expect(res.json()).toEqual({ ok: true, endSessionUrl: null });
    expect(took).toBeGreaterThanOrEqual(1900);
    expect(took).toBeLessThan(3000);
  });
});
