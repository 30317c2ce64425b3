import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { startTestOp, type TestOp } from '../../test/op/index.ts';
import type { RegisteredUser } from '../../test/op/types.ts';
import { filter, scimClient } from '../../test/scim-client.ts';
import { ssoSignIn } from '../../test/sso-login.ts';

// Who may provision, and into which provider; and that a SCIM user and an OIDC sign-in of the same person
// end in one DeskGate account, whichever comes first (issue 12).

const ORIGIN = 'http://127.0.0.1:21119';
const TENANT = randomUUID();

let op: TestOp;
let alice: RegisteredUser;
let bob: RegisteredUser;
beforeAll(async () => {
  op = await startTestOp({ tenants: [TENANT] });
  await op.addClient({
    client_id: 'deskgate',
    client_secret: 'client-secret-1',
    redirect_uris: [`${ORIGIN}/api/oidc/callback`],
  });
  alice = await op.addUser(TENANT, { accountId: 'alice', claims: { email: 'alice@contoso.example' } });
  bob = await op.addUser(TENANT, { accountId: 'bob', claims: { email: 'bob@contoso.example' } });
});
afterAll(async () => op?.stop());

describe.each(dialects())('SCIM secrets and accounts on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  const providers: Record<string, string> = {};

  const createProvider = async (name: string, issuer: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/console/sso/providers',
      headers: admin.headers,
      payload: { name, type: 'entra', clientId: 'deskgate', clientSecret: 'client-secret-1', issuer },
    });
    providers[name] = res.json().id;
  };
  const rotate = async (name: string): Promise<string> =>
    (
      await t.app.inject({
        method: 'POST',
        url: `/api/console/sso/providers/${providers[name]}/scim-token`,
        headers: admin.headers,
      })
    ).json().token;
  const countUsers = async () => (await t.db.kysely.selectFrom('users').select('id').execute()).length;

  beforeAll(async () => {
    t = await buildTestApp(dialect, { publicUrl: ORIGIN });
    admin = await signIn(t.app);
    await createProvider('azure', op.issuer(TENANT));
    await createProvider('partner', `https://login.microsoftonline.com/${randomUUID()}/v2.0`);
  });
  afterAll(async () => t?.close());

  it('refuses requests without the secret, with a wrong one, and with a rotated or revoked one', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/scim/v2/Users' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    expect(none.json()).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '401',
    });
    expect((await scimClient(t.app, 'dgscim_wrong').get('/Users')).statusCode).toBe(401);
    const first = await rotate('azure');
    expect((await scimClient(t.app, first).get('/Users')).statusCode).toBe(200);
    const second = await rotate('azure');
    expect((await scimClient(t.app, first).get('/Users')).statusCode).toBe(401);
    expect((await scimClient(t.app, second).get('/Users')).statusCode).toBe(200);
    // Only the hash is stored.
    const stored = await t.db.kysely.selectFrom('scim_tokens').select('token_hash').execute();
    expect(JSON.stringify(stored)).not.toContain(second);
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/console/sso/providers/${providers.azure}/scim-token`,
      headers: admin.headers,
    });
    expect(revoke.statusCode).toBe(200);
    expect((await scimClient(t.app, second).get('/Users')).statusCode).toBe(401);
  });

  it("keeps each provider's users to itself", async () => {
    const azure = scimClient(t.app, await rotate('azure'));
    const partner = scimClient(t.app, await rotate('partner'));
    const created = await azure.post('/Users', {
      userName: 'carol@contoso.example',
      externalId: randomUUID(),
    });
    const id = created.json().id;
    expect((await partner.get(`/Users/${id}`)).statusCode).toBe(404);
    expect(
      (await partner.get(`/Users?${filter('userName eq "carol@contoso.example"')}`)).json().totalResults,
    ).toBe(0);
    expect(
      (await partner.patch(`/Users/${id}`, { op: 'replace', value: { active: false } })).statusCode,
    ).toBe(404);
    expect((await partner.delete(`/Users/${id}`)).statusCode).toBe(404);
    const group = await partner.post('/Groups', { displayName: 'Partners', members: [{ value: id }] });
    expect((await partner.get(`/Groups/${group.json().id}`)).json().members).toEqual([]);
    expect((await azure.get(`/Users/${id}`)).json().active).toBe(true);
  });

  it('answers a filter it cannot read with invalidFilter, never a 500', async () => {
    const azure = scimClient(t.app, await rotate('azure'));
    const res = await azure.get(`/Users?${filter('userName eq')}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().scimType).toBe('invalidFilter');
    const path = await azure.patch('/Users/x', { op: 'replace', path: '][', value: 1 });
    expect(path.statusCode).toBe(404);
  });

  it('provisioning before the first sign-in and sign-in before provisioning end in one account', async () => {
    const azure = scimClient(t.app, await rotate('azure'));
    // Alice: provisioned first (externalId = her objectId), then she signs in.
    const provisioned = await azure.post('/Users', {
      userName: 'alice@contoso.example',
      externalId: alice.claims.oid,
    });
    expect(provisioned.statusCode).toBe(201);
    const before = await countUsers();
    expect((await ssoSignIn(t.app, op, 'azure', 'alice')).res.location).toBe('/users');
    expect(await countUsers()).toBe(before);
    const identity = await t.db.kysely
      .selectFrom('identities')
      .selectAll()
      .where('subject', '=', alice.claims.oid)
      .executeTakeFirstOrThrow();
    expect(identity.issuer).toBe(op.issuer(TENANT));
    // Bob: signs in first, then is provisioned.
    expect((await ssoSignIn(t.app, op, 'azure', 'bob')).res.location).toBe('/users');
    const afterBob = await countUsers();
    const linked = await azure.post('/Users', {
      userName: 'bob@contoso.example',
      externalId: bob.claims.oid,
    });
    expect(linked.statusCode).toBe(201);
    expect(await countUsers()).toBe(afterBob);
    // Disabled through SCIM, Bob cannot sign in.
    await azure.patch(`/Users/${linked.json().id}`, { op: 'Replace', path: 'active', value: false });
    const refused = (await ssoSignIn(t.app, op, 'azure', 'bob')).res;
    expect(refused.location).toBe('/login?code=SSO_USER_DISABLED');
  });
});
