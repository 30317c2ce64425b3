import { randomUUID } from 'node:crypto';
import { approveOverHttp } from '../test/device-approval.ts';
import { startTestOp, type TestOp } from '../test/op/index.ts';
import { freePort } from '../test/postgres.ts';
import { fetchTransport, RustDeskClient } from '../test/rustdesk-client.ts';
import { BENCH_ADMIN_PASSWORD, startDeskGate, startMinimalRp } from './lib/processes.ts';
import type { Figure } from './lib/report.ts';

const WARM_UP_CONCURRENCY = 50;

/** `count` runs of `one(n)` (n from `first`), `concurrency` at a time; resolves to the number that failed. */
async function inParallel(
  count: number,
  concurrency: number,
  first: number,
  one: (n: number) => Promise<boolean>,
): Promise<number> {
  let failures = 0;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) if (!(await one(first + i).catch(() => false))) failures++;
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failures;
}

export interface OidcOptions {
  logins: number;
  concurrency: number;
  /**
   * Logins before the measured ones, `WARM_UP_CONCURRENCY` at a time (not counted), for DeskGate and the minimal
   * RP alike. A server that has signed people in for a while runs this path in V8's optimised code; right after
   * start it is interpreted and compiled as it goes, and a single warm-up login left the measured ones paying
   * for that: CPU per login fell from 8.4 to 4.9 ms over the first 1,500 logins of one process (issue 14).
   */
  warmUp?: number;
  /** Node flags for DeskGate's process, e.g. `--cpu-prof` (bench/oidc-profile.ts). */
  nodeArgs?: string[];
  /** Leave out the minimal relying party (a profile needs DeskGate alone). */
  withoutRp?: boolean;
}

/** Signs in as the admin and adds an Entra-shaped provider pointing at the test OP. */
export async function addProvider(url: string, issuer: string): Promise<void> {
  const login = await fetch(`${url}/api/console/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: BENCH_ADMIN_PASSWORD }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${url}/api/console/sso/providers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({
      name: 'azure',
      type: 'entra',
      clientId: 'deskgate-bench',
      clientSecret: 'bench-secret',
      issuer,
      // The address this console page is at, as the console sends it (issue 9 §6).
      callbackOrigin: new URL(url).origin,
    }),
  });
  if (res.status !== 201) throw new Error(`could not add the provider: ${res.status} ${await res.text()}`);
}

/**
 * The same code flow through bench/minimal-rp.mjs, in its own process: `/login` redirects to the OP, the user
 * agent signs in there and follows the callback, which openid-client verifies. Its CPU per login, measured as
 * DeskGate's is, is the floor for the OIDC part of a device login.
 */
export async function benchMinimalRp(
  op: TestOp,
  issuer: string,
  port: number,
  o: OidcOptions,
  users: number,
) {
  const rp = await startMinimalRp(port, issuer);
  try {
    const login = async (n: number) => {
      const start = await fetch(`${rp.url}/login`, { redirect: 'manual' });
      const back = await op.loginAs(start.headers.get('location') ?? '', `person${n % users}`);
      return (await fetch(back.url)).ok;
    };
    await inParallel(o.warmUp ?? 1, WARM_UP_CONCURRENCY, o.logins, login); // not counted
    const before = rp.cpuMs();
    const failures = await inParallel(o.logins, o.concurrency, 0, login);
    return { cpuPerLogin: (rp.cpuMs() - before) / o.logins, failures };
  } finally {
    await rp.stop();
  }
}

/**
 * One complete RustDesk client login through the real test OP: the client emulator calls /api/oidc/auth, a
 * browserless user agent signs in at the OP as `person<n % users>`, follows the callback to DeskGate and
 * presses Approve on its confirmation page, and the emulator polls /api/oidc/auth-query every second as the
 * client does. True when the client received its token.
 */
export async function deviceLogin(url: string, op: TestOp, n: number, users: number): Promise<boolean> {
  const client = new RustDeskClient(fetchTransport(url), {
    id: String(200_000_000 + n),
    uuid: Buffer.from(randomUUID()).toString('base64'),
    deviceInfo: { os: 'linux', type: 'client', name: `bench-${n}` },
  });
  const result = await client.accountAuth('azure', {
    openBrowser: async (start) => {
      const back = await op.loginAs(start, `person${n % users}`);
      const page = await fetch(back.url, {
        method: back.method,
        redirect: 'manual',
        ...(back.method === 'POST'
          ? {
              body: new URLSearchParams(back.form),
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
            }
          : {}),
      });
      // DeskGate's "Sign in to RustDesk on this device?" page: the person presses Approve.
      const approved = await approveOverHttp(url, page);
      if (approved.status !== 200) throw new Error(`approve: HTTP ${approved.status}`);
    },
    intervalMs: 1000,
    timeoutMs: 60_000,
  });
  return result.state_msg === 'Login account auth' && !!result.auth_body?.access_token;
}

/** The bench's OP side: a tenant with `users` people and the client registered for these redirect URIs. */
export async function setUpOp(op: TestOp, redirectUris: string[], users: number): Promise<string> {
  const tenant = await op.addTenant();
  await op.addClient({
    client_id: 'deskgate-bench',
    client_secret: 'bench-secret',
    redirect_uris: redirectUris,
  });
  for (let i = 0; i < users; i++)
    await op.addUser(tenant, { accountId: `person${i}`, claims: { email: `person${i}@bench.example` } });
  return op.issuer(tenant);
}

/**
 * Complete RustDesk client logins (deviceLogin), `concurrency` at a time. DeskGate's CPU time is read from
 * /proc before and after; the OP runs in its own process and is not counted.
 */
export async function benchOidc(o: OidcOptions): Promise<Figure[]> {
  const server = await startDeskGate(o.nodeArgs ? { nodeArgs: o.nodeArgs } : {});
  const op = await startTestOp();
  try {
    const rpPort = await freePort();
    const users = Math.min(o.logins, 50);
    const issuer = await setUpOp(
      op,
      [`${server.url}/api/oidc/callback`, `http://127.0.0.1:${rpPort}/callback`],
      users,
    );
    await addProvider(server.url, issuer);

    const login = (n: number) => deviceLogin(server.url, op, n, users);
    // Warm-up, as for the minimal RP: first-use compilation and caches are not counted.
    await inParallel(o.warmUp ?? 1, WARM_UP_CONCURRENCY, o.logins, login);
    const cpuBefore = server.cpuMs();
    const started = performance.now();
    const failures = await inParallel(o.logins, o.concurrency, 0, login);
    const seconds = (performance.now() - started) / 1000;
    const cpu = server.cpuMs() - cpuBefore;
    const rp = o.withoutRp
      ? { cpuPerLogin: Number.NaN, failures: 0 }
      : await benchMinimalRp(op, issuer, rpPort, o, users);
    return [
      {
        label: `${o.logins} device logins, ${o.concurrency} at a time, after ${o.warmUp ?? 1} not counted: failures`,
        value: failures,
        unit: '',
        target: { cmp: '<=', value: 0 },
      },
      { label: 'wall time (polls wait 1 s each, as the client does)', value: seconds, unit: 's' },
      {
        label: 'DeskGate CPU time per login',
        value: cpu / o.logins,
        unit: 'ms',
        target: { cmp: '<=', value: 3 },
      },
      { label: 'minimal RP (Fastify + openid-client): CPU per login', value: rp.cpuPerLogin, unit: 'ms' },
      { label: 'minimal relying party: failures', value: rp.failures, unit: '' },
      { label: 'DeskGate CPU per login ÷ minimal RP', value: cpu / o.logins / rp.cpuPerLogin, unit: '×' },
    ];
  } finally {
    await op.stop();
    await server.stop();
  }
}
