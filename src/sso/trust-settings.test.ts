import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { startTestOp, type TestOp } from '../../test/op/index.ts';
import { EXTRA_AUDIENCE } from '../../test/op/tamper.ts';
import { ssoSignIn } from '../../test/sso-login.ts';

// The two switches that widen whom a provider trusts: "Link by verified email" (attach a first sign-in to an
// existing account only when the IdP vouches for the address — Entra only through xms_edov, the nOAuth
// class) and "Extra trusted audiences" (an ID token also meant for someone else is refused unless listed).

const ORIGIN = 'http://127.0.0.1:21114';
const TENANT = randomUUID();

let op: TestOp;
const oids: Record<string, string> = {};
beforeAll(async () => {
  op = await startTestOp({ tenants: [TENANT] });
  await op.addClient({
    client_id: 'deskgate',
    client_secret: 'trust-secret',
    redirect_uris: [`${ORIGIN}/api/oidc/callback`],
  });
  const users: Array<[string, Record<string, unknown>]> = [
    ['vera', { email: 'Vera@Example.com', email_verified: true }],
    ['uma', { email: 'uma@example.com', email_verified: false }],
    ['otto', { email: 'otto@example.com', email_verified: true }],
    ['twin', { email: 'twin@example.com', email_verified: true }],
    ['ed', { email: 'ed@example.com', email_verified: true }],
    ['edna', { email: 'edna@example.com', xms_edov: true }],
    ['aud', { email: 'aud@example.com' }],
  ];
  for (const [accountId, claims] of users) {
    const user = await op.addUser(TENANT, {
      accountId: `idp-${accountId}`,
      claims: { name: accountId, ...claims },
    });
    oids[user.accountId] = user.claims.oid;
  }
});
afterAll(async () => op?.stop());

describe.each(dialects())('link by verified email and extra audiences on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await buildTestApp(dialect, { publicUrl: ORIGIN });
    admin = await signIn(t.app);
    for (const [name, type] of [
      ['generic', 'oidc'],
      ['azure', 'entra'],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/console/sso/providers',
        headers: admin.headers,
        payload: {
          name,
          type,
          clientId: 'deskgate',
          clientSecret: 'trust-secret',
          issuer: op.issuer(TENANT),
          linkByVerifiedEmail: true,
        },
      });
      expect(res.statusCode).toBe(201);
      ids[name] = res.json().id;
    }
    for (const [username, email] of [
      ['vera', 'vera@example.com'],
      ['uma', 'uma@example.com'],
      ['otto', 'otto@example.com'],
      ['twin1', 'twin@example.com'],
      ['twin2', 'TWIN@example.com'],
      ['ed', 'ed@example.com'],
      ['edna', 'edna@example.com'],
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/console/users',
        headers: admin.headers,
        payload: { username, email },
      });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(async () => t.close());

  const patch = (name: string, body: Record<string, unknown>) =>
    t.app.inject({
      method: 'PATCH',
      url: `/api/console/sso/providers/${ids[name]}`,
      headers: admin.headers,
      payload: body,
    });
  /** The usernames of the accounts whose email is `email`, and the one the identity of `subject` maps to. */
  async function outcome(email: string, subject: string) {
    const db = t.db.kysely;
    const users = await db
      .selectFrom('users')
      .select('username')
      .where(sql<string>`lower(email)`, '=', email)
      .execute();
    const identity = await db
      .selectFrom('identities')
      .innerJoin('users', 'users.id', 'identities.user_id')
      .select('users.username')
      .where('identities.subject', '=', subject)
      .executeTakeFirst();
    return { accounts: users.map((u) => u.username).sort(), linkedTo: identity?.username };
  }
  const oidOf = (accountId: string) => oids[accountId] ?? '';

  it('links a first sign-in to the account with that email when the IdP says it is verified (any case)', async () => {
    const { res } = await ssoSignIn(t.app, op, 'generic', 'idp-vera');
    expect(res.session).toBeDefined();
    expect(await outcome('vera@example.com', 'idp-vera')).toEqual({ accounts: ['vera'], linkedTo: 'vera' });
  });

  it('never links when the IdP does not say the email is verified', async () => {
    const { res } = await ssoSignIn(t.app, op, 'generic', 'idp-uma');
    expect(res.session).toBeDefined();
    const { linkedTo } = await outcome('uma@example.com', 'idp-uma');
    expect(linkedTo).not.toBe('uma');
  });

  it('never links while the switch is off', async () => {
    await patch('generic', { linkByVerifiedEmail: false });
    try {
      const { res } = await ssoSignIn(t.app, op, 'generic', 'idp-otto');
      expect(res.session).toBeDefined();
      const { linkedTo } = await outcome('otto@example.com', 'idp-otto');
      expect(linkedTo).toBeDefined();
      expect(linkedTo).not.toBe('otto');
    } finally {
      await patch('generic', { linkByVerifiedEmail: true });
    }
  });

  it('refuses in words rather than guess when several accounts share the email', async () => {
    const { res } = await ssoSignIn(t.app, op, 'generic', 'idp-twin');
    expect(res.session).toBeUndefined();
    expect(res.location).toBe('/login?code=SSO_EMAIL_AMBIGUOUS');
    expect(res.failure).toMatch(/Several DeskGate accounts use the email address twin@example.com/);
    expect(await outcome('twin@example.com', 'idp-twin')).toEqual({
      accounts: ['twin1', 'twin2'],
      linkedTo: undefined,
    });
  });

  it('Entra: ignores email_verified (not trustworthy there) and links only on xms_edov', async () => {
    const ed = await ssoSignIn(t.app, op, 'azure', 'idp-ed');
    expect(ed.res.session).toBeDefined();
    expect((await outcome('ed@example.com', oidOf('idp-ed'))).linkedTo).not.toBe('ed');
    const edna = await ssoSignIn(t.app, op, 'azure', 'idp-edna');
    expect(edna.res.session).toBeDefined();
    expect((await outcome('edna@example.com', oidOf('idp-edna'))).linkedTo).toBe('edna');
  });

  it('refuses an ID token also meant for another audience, and accepts it once that audience is trusted', async () => {
    await op.setTamper('extra-aud');
    try {
      const refused = await ssoSignIn(t.app, op, 'generic', 'idp-aud');
      expect(refused.res.session).toBeUndefined();
      expect(refused.res.failure).toContain(`"${EXTRA_AUDIENCE}", which is not a trusted audience`);
      expect((await outcome('aud@example.com', 'idp-aud')).linkedTo).toBeUndefined();
      expect((await patch('generic', { extraAudiences: [EXTRA_AUDIENCE] })).statusCode).toBe(200);
      const accepted = await ssoSignIn(t.app, op, 'generic', 'idp-aud');
      expect(accepted.res.session).toBeDefined();
    } finally {
      await op.setTamper('none');
      await patch('generic', { extraAudiences: [] });
    }
  });
});
