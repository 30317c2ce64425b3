import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_ADMIN_PASSWORD, type Proc, startDeskGate } from '../bench/lib/processes.ts';
import { migrations } from '../src/db/migrations/index.ts';
import { approveOverHttp } from './device-approval.ts';
import { createPgSchema, dialects } from './harness.ts';
import { startTestOp, type TestOp } from './op/index.ts';
import { freePort } from './postgres.ts';
import { fetchTransport, RustDeskClient } from './rustdesk-client.ts';

/** Cookies of a fetch answer as one `Cookie` header value. */
const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

/**
 * Two real DeskGate processes (the production build) on one PostgreSQL database, started at the same moment,
 * as behind a load balancer without sticky sessions: whatever one instance starts or revokes, the other honours.
 */
describe.runIf(dialects().includes('postgres'))('two DeskGate processes on one PostgreSQL', () => {
  let a: Proc & { output(): string };
  let b: Proc & { output(): string };
  let databaseUrl: string;
  let op: TestOp;
  const tenant = randomUUID();
  beforeAll(async () => {
    databaseUrl = await createPgSchema();
    const [portA, portB] = [await freePort(), await freePort()];
    // One public origin for both, as a load balancer in front of them would give.
    const publicUrl = `http://127.0.0.1:${portA}`;
    // Every instance on one database shares the key that seals its secrets (the client secret used below).
    const secretKey = randomBytes(32).toString('hex');
    [a, b] = await Promise.all([
      startDeskGate({ databaseUrl, port: portA, publicUrl, secretKey }),
      startDeskGate({ databaseUrl, port: portB, publicUrl, secretKey }),
    ]);
    op = await startTestOp({ tenants: [tenant] });
    await op.addClient({
      client_id: 'deskgate',
      client_secret: 'multi-secret',
      redirect_uris: [`${publicUrl}/api/oidc/callback`],
    });
    await op.addUser(tenant, {
      accountId: 'carol',
      claims: { email: 'carol@contoso.example', name: 'Carol' },
    });
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), op?.stop()]);
  });

  async function consoleLogin(on: Proc) {
    const res = await fetch(`${on.url}/api/console/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: BENCH_ADMIN_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { cookie: cookiesOf(res), csrfToken };
  }
  const sessionOn = (on: Proc, cookie: string) =>
    fetch(`${on.url}/api/console/auth/session`, { headers: { cookie } });

  it('applied the migrations once although both started at once', async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query('select name from kysely_migration');
    await client.end();
    expect(rows.map((r) => r.name).sort()).toEqual(Object.keys(migrations).sort());
  });

  it('refuses to start a third instance with a different secret key, and says why', async () => {
    await expect(startDeskGate({ databaseUrl, secretKey: randomBytes(32).toString('hex') })).rejects.toThrow(
      /same DESKGATE_SECRET_KEY/,
    );
  });

  it('a console session started on one is honoured by the other, and ended on the other at once', async () => {
    const { cookie, csrfToken } = await consoleLogin(a);
    expect((await sessionOn(b, cookie)).status).toBe(200);
    const out = await fetch(`${b.url}/api/console/auth/logout`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(out.status).toBe(200);
    expect((await sessionOn(a, cookie)).status).toBe(401);
  });

  it('a RustDesk client token issued by one works on the other until it is revoked there', async () => {
    const device = { id: '123456789', uuid: Buffer.from('multi-machine').toString('base64') };
    const login = await fetch(`${a.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'admin',
        password: BENCH_ADMIN_PASSWORD,
        ...device,
        autoLogin: true,
        type: 'account',
        deviceInfo: { os: 'linux', type: 'client', name: 'multi' },
      }),
    });
    expect(login.status).toBe(200);
    const { access_token } = (await login.json()) as { access_token: string };
    const currentUser = (on: Proc) =>
      fetch(`${on.url}/api/currentUser`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
        body: JSON.stringify(device),
      });
    expect((await currentUser(b)).status).toBe(200);
    await fetch(`${b.url}/api/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
      body: JSON.stringify(device),
    });
    expect((await currentUser(a)).status).toBe(401);
  });

  it('a single sign-on started on one completes on the other', async () => {
    const admin = await consoleLogin(a);
    const created = await fetch(`${a.url}/api/console/sso/providers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      body: JSON.stringify({
        name: 'azure',
        type: 'entra',
        clientId: 'deskgate',
        clientSecret: 'multi-secret',
        issuer: op.issuer(tenant),
      }),
    });
    expect(created.status).toBe(201);
    const start = await fetch(`${a.url}/api/oidc/login/azure`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const back = new URL((await op.loginAs(String(start.headers.get('location')), 'carol')).url);
    const done = await fetch(`${b.url}${back.pathname}${back.search}`, {
      redirect: 'manual',
      headers: { cookie: cookiesOf(start) },
    });
    expect(done.headers.get('location'), b.output()).toBe('/');
    const session = await sessionOn(a, cookiesOf(done));
    expect(((await session.json()) as { user: { username: string } }).user.username).toBe('carol');
  });

  it('a RustDesk client login started on one, whose browser lands on the other and approves on the first, is picked up by polling the first', async () => {
    // Needs the provider the previous test added.
    const client = new RustDeskClient(fetchTransport(a.url), {
      id: '987654321',
      uuid: Buffer.from('multi-device-login').toString('base64'),
      deviceInfo: { os: 'linux', type: 'client', name: 'multi' },
    });
    const result = await client.accountAuth('azure', {
      openBrowser: async (url) => {
        const back = new URL((await op.loginAs(url, 'carol')).url);
        const page = await fetch(`${b.url}${back.pathname}${back.search}`, { redirect: 'manual' });
        // The confirmation page came from b; its Approve lands on a (state only in the database).
        const approved = await approveOverHttp(a.url, page);
        expect(approved.status, await approved.clone().text()).toBe(200);
      },
      intervalMs: 200,
      timeoutMs: 20_000,
    });
    expect(result.failed_msg).toBe('');
    expect(result.auth_body?.user.name).toBe('carol');
  });
});
