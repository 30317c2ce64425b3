import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { filter, type ScimClient, scimClient } from '../../test/scim-client.ts';
import { createSession } from '../accounts/sessions.ts';
import { issueClientToken } from '../rustdesk/tokens.ts';

// Issue 12: the requests Microsoft Entra's provisioning service sends, in its order, built from Microsoft's
// documented examples — "Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID",
// sections "User Operations" and "Group Operations"
// (https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups)
// — and the quirks of "Known issues and resolutions with SCIM 2.0 protocol compliance of the Microsoft Entra
// user provisioning service" (https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility):
// capitalised ops, PATCH without path, `active` as "False"/"True", the manager as a bare id.

const ORIGIN = 'https://deskgate.example';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const ALICE_OID = randomUUID();
const BOB_OID = randomUUID();
const ADMINS_OID = randomUUID();
const ENGINEERING_OID = randomUUID();

/** Entra's Create User body ("Tutorial", Create User request), for one person. */
const entraUser = (oid: string, upn: string, given: string, family: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  externalId: oid,
  userName: upn,
  active: true,
  emails: [{ primary: true, type: 'work', value: upn }],
  meta: { resourceType: 'User' },
  name: { formatted: `${given} ${family}`, familyName: family, givenName: given },
  roles: [],
});

describe.each(dialects())("Entra's provisioning sequence on %s", (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  let scim: ScimClient;
  let providerId: string;
  let engineeringGroupId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await buildTestApp(dialect, { publicUrl: ORIGIN });
    admin = await signIn(t.app);
    const group = await t.app.inject({
      method: 'POST',
      url: '/api/console/groups',
      headers: admin.headers,
      payload: { name: 'Engineering' },
    });
    engineeringGroupId = group.json().id;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/console/sso/providers',
      headers: admin.headers,
      payload: {
        name: 'azure',
        type: 'entra',
        clientId: 'deskgate',
        issuer: `https://login.microsoftonline.com/${randomUUID()}/v2.0`,
        adminGroups: [ADMINS_OID],
        groupMapping: [{ idpGroup: ENGINEERING_OID, groupId: engineeringGroupId }],
      },
    });
    expect(res.statusCode).toBe(201);
    providerId = res.json().id;
    const token = await t.app.inject({
      method: 'POST',
      url: `/api/console/sso/providers/${providerId}/scim-token`,
      headers: admin.headers,
    });
    expect(token.json().scimTenantUrl).toBe(`${ORIGIN}/scim/v2`);
    scim = scimClient(t.app, token.json().token);
  });
  afterAll(async () => t?.close());

  const account = (scimId: string) =>
    t.db.kysely
      .selectFrom('scim_users')
      .innerJoin('users', 'users.id', 'scim_users.user_id')
      .select([
        'users.id',
        'users.status',
        'users.email',
        'users.display_name',
        'users.is_admin',
        'users.group_id',
      ])
      .where('scim_users.id', '=', scimId)
      .executeTakeFirstOrThrow();
  const device = { id: '123456789', uuid: 'dXVpZA==' };
  const currentUser = (token: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/currentUser',
      headers: { authorization: `Bearer ${token}` },
      payload: device,
    });

  it('answers Test Connection and the discovery documents', async () => {
    const probe = await scim.get(`/Users?${filter(`userName eq "${randomUUID()}"`)}`);
    expect(probe.statusCode).toBe(200);
    expect(probe.headers['content-type']).toContain('application/scim+json');
    expect(probe.json()).toMatchObject({ totalResults: 0, Resources: [] });
    for (const path of ['/ServiceProviderConfig', '/Schemas', '/ResourceTypes']) {
      expect((await scim.get(path)).statusCode).toBe(200);
    }
    expect((await scim.get('/ServiceProviderConfig')).json().patch.supported).toBe(true);
  });

  it('creates users after looking them up by userName (Create User)', async () => {
    for (const [key, oid, upn, given, family] of [
      ['alice', ALICE_OID, 'alice@contoso.example', 'Alice', 'Archer'],
      ['bob', BOB_OID, 'bob@contoso.example', 'Bob', 'Baker'],
    ] as const) {
      const lookup = await scim.get(`/Users?${filter(`userName eq "${upn}"`)}`);
      expect(lookup.json().totalResults).toBe(0);
      const created = await scim.post('/Users', entraUser(oid, upn, given, family));
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ externalId: oid, userName: upn, active: true });
      ids[key] = created.json().id;
    }
    const alice = await account(ids.alice as string);
    expect(alice).toMatchObject({ status: 1, email: 'alice@contoso.example', display_name: 'Alice Archer' });
    // A second create of the same userName is Entra's "already exists" case: 409 uniqueness.
    const again = await scim.post('/Users', entraUser(ALICE_OID, 'alice@contoso.example', 'A', 'A'));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ status: '409', scimType: 'uniqueness' });
  });

  it('finds users by id and by externalId (Get User, Get User by query)', async () => {
    const byId = await scim.get(`/Users/${ids.alice}`);
    expect(byId.json().name.givenName).toBe('Alice');
    const byExternal = await scim.get(`/Users?${filter(`externalId eq "${ALICE_OID}"`)}`);
    expect(byExternal.json().Resources.map((r: { id: string }) => r.id)).toEqual([ids.alice]);
  });

  it('updates multi-valued and single-valued attributes and the manager (Update User)', async () => {
    const multi = await scim.patch(
      `/Users/${ids.alice}`,
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'alice.archer@contoso.example' },
      { op: 'Replace', path: 'name.familyName', value: 'Archer-Smith' },
    );
    expect(multi.statusCode).toBe(200);
    expect(multi.json().emails).toEqual([
      { primary: true, type: 'work', value: 'alice.archer@contoso.example' },
    ]);
    expect((await account(ids.alice as string)).email).toBe('alice.archer@contoso.example');
    const single = await scim.patch(`/Users/${ids.alice}`, {
      op: 'Replace',
      path: 'userName',
      value: 'alice.archer@contoso.example',
    });
    expect(single.json().userName).toBe('alice.archer@contoso.example');
    // Entra sends the manager as a bare id (Known issues page); it is stored as { value }.
    const manager = await scim.patch(`/Users/${ids.alice}`, {
      op: 'Add',
      path: `${ENTERPRISE}:manager`,
      value: ids.bob,
    });
    expect(manager.json()[ENTERPRISE].manager).toEqual({ value: ids.bob });
    // PATCH without path: the value's keys are paths themselves.
    const noPath = await scim.patch(`/Users/${ids.alice}`, {
      op: 'replace',
      value: { displayName: 'Alice A. Smith', [ENTERPRISE]: { department: 'Support' } },
    });
    expect(noPath.json()).toMatchObject({
      displayName: 'Alice A. Smith',
      [ENTERPRISE]: { department: 'Support' },
    });
    expect((await account(ids.alice as string)).display_name).toBe('Alice A. Smith');
    const removed = await scim.patch(`/Users/${ids.alice}`, { op: 'Remove', path: `${ENTERPRISE}:manager` });
    expect(removed.json()[ENTERPRISE].manager).toBeUndefined();
  });

  it('disables with active "False": sessions and client tokens end, the token is refused on its next call', async () => {
    const alice = await account(ids.alice as string);
    const token = await issueClientToken(t.db.kysely, alice.id, device);
    await createSession(t.db.kysely, alice.id, { ip: '192.0.2.1', userAgent: 'test' });
    expect((await currentUser(token)).statusCode).toBe(200);
    const disabled = await scim.patch(`/Users/${ids.alice}`, {
      op: 'Replace',
      path: 'active',
      value: 'False',
    });
    expect(disabled.json().active).toBe(false);
    expect((await account(ids.alice as string)).status).toBe(0);
    expect((await currentUser(token)).statusCode).toBe(401);
    const left = await t.db.kysely
      .selectFrom('sessions')
      .select('token_hash')
      .where('user_id', '=', alice.id)
      .execute();
    const tokens = await t.db.kysely
      .selectFrom('client_tokens')
      .select('id')
      .where('user_id', '=', alice.id)
      .execute();
    expect([left.length, tokens.length]).toEqual([0, 0]);
  });

  it('re-enables with a PATCH without path and active "True"', async () => {
    const enabled = await scim.patch(`/Users/${ids.alice}`, { op: 'Replace', value: { active: 'True' } });
    expect(enabled.json().active).toBe(true);
    expect((await account(ids.alice as string)).status).toBe(1);
  });

  it('creates groups and adds and removes members in batches (Group Operations)', async () => {
    const admins = await scim.post('/Groups', {
      schemas: [
        'urn:ietf:params:scim:schemas:core:2.0:Group',
        'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group',
      ],
      externalId: ADMINS_OID,
      displayName: 'RustDesk admins',
      meta: { resourceType: 'Group' },
    });
    expect(admins.statusCode).toBe(201);
    const engineering = await scim.post('/Groups', {
      externalId: ENGINEERING_OID,
      displayName: 'Engineering',
    });
    ids.admins = admins.json().id;
    ids.engineering = engineering.json().id;
    const found = await scim.get(
      `/Groups?excludedAttributes=members&${filter('displayName eq "RustDesk admins"')}`,
    );
    expect(found.json().Resources).toHaveLength(1);
    expect(found.json().Resources[0].members).toBeUndefined();

    const add = await scim.patch(`/Groups/${ids.admins}`, {
      op: 'Add',
      path: 'members',
      value: [
        { $ref: null, value: ids.alice },
        { $ref: null, value: ids.bob },
      ],
    });
    expect(add.statusCode).toBe(204);
    await scim.patch(`/Groups/${ids.engineering}`, {
      op: 'Add',
      path: 'members',
      value: [{ value: ids.bob }],
    });
    expect((await account(ids.alice as string)).is_admin).toBe(1);
    expect(await account(ids.bob as string)).toMatchObject({ is_admin: 1, group_id: engineeringGroupId });
    const members = await scim.get(`/Groups/${ids.admins}`);
    expect(
      members
        .json()
        .members.map((m: { value: string }) => m.value)
        .sort(),
    ).toEqual([ids.alice, ids.bob].sort());

    const remove = await scim.patch(`/Groups/${ids.admins}`, {
      op: 'Remove',
      path: 'members',
      value: [{ value: ids.alice }],
    });
    expect(remove.statusCode).toBe(204);
    expect((await account(ids.alice as string)).is_admin).toBe(0);
    await scim.patch(`/Groups/${ids.admins}`, { op: 'Remove', path: `members[value eq "${ids.bob}"]` });
    expect((await account(ids.bob as string)).is_admin).toBe(0);
    const renamed = await scim.patch(`/Groups/${ids.admins}`, {
      op: 'Replace',
      path: 'displayName',
      value: 'RustDesk administrators',
    });
    expect(renamed.statusCode).toBe(204);
    expect((await scim.get(`/Groups/${ids.admins}`)).json().displayName).toBe('RustDesk administrators');
  });

  it('deletes: the account is disabled, the resource is gone', async () => {
    const bob = await account(ids.bob as string);
    const token = await issueClientToken(t.db.kysely, bob.id, device);
    expect((await scim.delete(`/Users/${ids.bob}`)).statusCode).toBe(204);
    expect((await currentUser(token)).statusCode).toBe(401);
    const user = await t.db.kysely
      .selectFrom('users')
      .select('status')
      .where('id', '=', bob.id)
      .executeTakeFirst();
    expect(user?.status).toBe(0);
    const gone = await scim.get(`/Users/${ids.bob}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '404',
    });
    expect((await scim.delete(`/Groups/${ids.engineering}`)).statusCode).toBe(204);
  });

  it('puts every change in the audit trail as provisioned by the provider', async () => {
    const rows = await t.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'actor_name', 'detail'])
      .where('actor_name', '=', 'provisioned by azure')
      .execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const action of [
      'user.create',
      'user.update',
      'scim.user.create',
      'scim.user.update',
      'scim.user.delete',
    ])
      expect(actions).toContain(action);
    for (const action of ['scim.group.create', 'scim.group.update', 'scim.group.delete'])
      expect(actions).toContain(action);
    const switches = rows.filter((r) => r.action === 'user.update').map((r) => JSON.parse(r.detail).enabled);
    expect(switches).toEqual(expect.arrayContaining([false, true]));
  });
});
