import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, signIn, type TestApp } from '../harness.ts';
import { startTestOp, type TestOp } from '../op/index.ts';
import { enrolTotp } from '../two-factor.ts';

// Issue 9 §2: `returnTo=%2F%09%2Fevil.example` passed the old regex (`/` then not `/`), was stored with the
// pending login and sent back as `Location: /\t/evil.example` — which a browser, stripping the tab, reads as
// `//evil.example`: another origin, right after a fresh session was set. A newline passed too and made the
// callback answer 500 after the session row was written. Every answer here is judged the way a browser reads
// it: the Location (or the 2FA step's returnTo) resolved against the page, with tabs and newlines stripped.
// On the old code the tab, `/.//`, `/..//` and newline cases fail (evil origin, or 500).

const ORIGIN = 'http://127.0.0.1:21114';
const TENANT = randomUUID();

/** What the attacker puts in the query, exactly as sent (already percent-encoded). */
const ATTACKS = [
  ['%2F%09%2Fevil.example', 'the reported tab'],
  ['/%09/evil.example', 'tab, path form'],
  ['%2F%0A%2Fevil.example', 'newline'],
  ['%2Fusers%0D%0ASet-Cookie%3A%20x%3D1', 'header injection'],
  ['%2F%0D%2Fevil.example', 'carriage return'],
  ['%2F%5Cevil.example', 'backslash'],
  ['%2F%09%5Cevil.example', 'tab and backslash'],
  ['%2F%2Fevil.example', 'encoded //'],
  ['//evil.example', '//'],
  ['https://evil.example/', 'absolute URL'],
  ['https%3A%2F%2Fevil.example', 'encoded absolute URL'],
  ['%2F.%2F%2Fevil.example', 'dot segment resolving to //'],
  ['%2F..%2F%2Fevil.example', 'dot-dot segment resolving to //'],
  ['%20%2F%2Fevil.example', 'leading space'],
  ['%2F%2509%2Fevil.example', 'double-encoded tab (stays a path here)'],
] as const;

/** Where a browser ends up: WHATWG URL parsing strips tabs and newlines, as browsers do. */
const browserTarget = (location: string) => new URL(location.replace(/[\t\n\r]/g, ''), ORIGIN);

let op: TestOp;
beforeAll(async () => {
  op = await startTestOp({ tenants: [TENANT] });
  await op.addClient({
    client_id: 'deskgate',
    client_secret: 'client-secret-1',
    redirect_uris: [`${ORIGIN}/api/oidc/callback`],
  });
  await op.addUser(TENANT, { accountId: 'alice', claims: { email: 'alice@contoso.example', name: 'Alice' } });
  await op.addUser(TENANT, { accountId: 'erin', claims: { email: 'erin@contoso.example', name: 'Erin' } });
});
afterAll(async () => op?.stop());

describe.each(dialects())('open redirect after sign-in on %s', (dialect) => {
  let t: TestApp;
  let backupCodes: string[] = [];
  beforeAll(async () => {
    t = await buildTestApp(dialect, { publicUrl: ORIGIN });
    const admin = await signIn(t.app);
    for (const [name, skipLocal2fa] of [
      ['azure', true],
      ['azure2fa', false],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/console/sso/providers',
        headers: admin.headers,
        payload: {
          name,
          type: 'entra',
          clientId: 'deskgate',
          clientSecret: 'client-secret-1',
          issuer: op.issuer(TENANT),
          skipLocal2fa,
        },
      });
      expect(res.statusCode).toBe(201);
    }
    // Erin signs in once, then turns on 2FA: her next sign-ins through azure2fa ask for a code.
    const first = await signInThrough('azure2fa', 'erin', '/');
    const cookie = first.cookies.find((c) => c.name === 'deskgate_session')?.value;
    const session = await t.app.inject({
      method: 'GET',
      url: '/api/console/auth/session',
      headers: { cookie: `deskgate_session=${cookie}` },
    });
    const erin = {
      headers: { cookie: `deskgate_session=${cookie}`, 'x-csrf-token': session.json().csrfToken },
      userId: session.json().user.id,
    };
    backupCodes = (await enrolTotp(t.app, erin)).backupCodes;
  });
  afterAll(async () => t?.close());

  /** The real login start → OP → callback, with `rawReturnTo` put in the start URL as is. */
  async function signInThrough(provider: string, username: string, rawReturnTo: string) {
    const start = await t.app.inject({
      method: 'GET',
      url: `/api/oidc/login/${provider}?returnTo=${rawReturnTo}`,
    });
    expect(start.statusCode).toBe(302);
    expect(String(start.headers.location)).toContain(op.origin);
    const binding = start.cookies.find((c) => c.name === 'deskgate_oidc')?.value;
    const back = new URL((await op.loginAs(String(start.headers.location), username)).url);
    return t.app.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      headers: { cookie: `deskgate_oidc=${binding}` },
    });
  }

  it.each(ATTACKS)('keeps a console sign-in on this origin: returnTo=%s (%s)', async (raw) => {
    const res = await signInThrough('azure', 'alice', raw);
    expect(res.statusCode).toBe(302);
    expect(res.cookies.find((c) => c.name === 'deskgate_session')).toBeDefined();
    expect(browserTarget(String(res.headers.location)).origin).toBe(ORIGIN);
  });

  it('still returns to an ordinary path with its query and hash', async () => {
    const res = await signInThrough('azure', 'alice', encodeURIComponent('/users?page=2#top'));
    expect(res.headers.location).toBe('/users?page=2#top');
  });

  it('writes no pending login with an unsafe returnTo', async () => {
    await t.app.inject({ method: 'GET', url: '/api/oidc/login/azure?returnTo=%2F%0A%2Fevil.example' });
    const rows = await t.db.kysely.selectFrom('pending_logins').select('return_to').execute();
    for (const row of rows) expect(row.return_to).not.toMatch(/[\s\\]|^\/\//);
  });

  // One backup code per sign-in, and Erin has eight: the main shapes.
  const TWO_FACTOR_ATTACKS = ATTACKS.filter(([, why]) =>
    ['the reported tab', 'newline', 'header injection', 'backslash', 'encoded //', 'absolute URL'].includes(
      why,
    ),
  );
  it.each(TWO_FACTOR_ATTACKS)('keeps the 2FA step on this origin: returnTo=%s (%s)', async (raw) => {
    const res = await signInThrough('azure2fa', 'erin', raw);
    expect(res.statusCode).toBe(302);
    expect(res.cookies.find((c) => c.name === 'deskgate_session')).toBeUndefined();
    const page = browserTarget(String(res.headers.location));
    expect(page.origin).toBe(ORIGIN);
    expect(page.pathname).toBe('/login');
    const done = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/login/second-factor',
      payload: { challenge: page.searchParams.get('tfa') ?? '', code: backupCodes.pop() },
    });
    expect(done.statusCode).toBe(200);
    const { returnTo } = done.json() as { returnTo: string };
    expect(browserTarget(returnTo).origin).toBe(ORIGIN);
    expect(returnTo).not.toMatch(/[\s\\]|^\/\//);
  });
});
