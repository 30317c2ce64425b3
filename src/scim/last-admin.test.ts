import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { type ScimClient, scimClient } from '../../test/scim-client.ts';

// Issue 13 §3: SCIM could deactivate, or take the role of, the last enabled Administrator and lock everyone
// out; the console already refuses that (accounts/users.ts), and SCIM keeps the same rule.

const ADMINS_OID = randomUUID();
const BOSS_OID = randomUUID();

describe.each(dialects())('SCIM and the last Administrator on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  let scim: ScimClient;
  let boss: string;
  let admins: string;

  beforeAll(async () => {
    t = await buildTestApp(dialect, { publicUrl: 'https://deskgate.example' });
    admin = await signIn(t.app);
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
      },
    });
    const token = await t.app.inject({
      method: 'POST',
      url: `/api/console/sso/providers/${res.json().id}/scim-token`,
      headers: admin.headers,
    });
    scim = scimClient(t.app, token.json().token);
    boss = (
      await scim.post('/Users', { externalId: BOSS_OID, userName: 'boss@contoso.example', active: true })
    ).json().id;
    admins = (await scim.post('/Groups', { externalId: ADMINS_OID, displayName: 'Admins' })).json().id;
    await scim.patch(`/Groups/${admins}`, { op: 'Add', path: 'members', value: [{ value: boss }] });
    // The local admin goes: the provisioned person is now the last enabled Administrator.
    await t.db.kysely.updateTable('users').set({ status: 0 }).where('username', '=', 'admin').execute();
  });
  afterAll(async () => t?.close());

  const bossAccount = () =>
    t.db.kysely
      .selectFrom('scim_users')
      .innerJoin('users', 'users.id', 'scim_users.user_id')
      .select(['users.status', 'users.is_admin'])
      .where('scim_users.id', '=', boss)
      .executeTakeFirstOrThrow();

  it('refuses to deactivate or delete the last enabled Administrator with a SCIM 409', async () => {
    expect(await bossAccount()).toEqual({ status: 1, is_admin: 1 });
    const deactivate = await scim.patch(`/Users/${boss}`, { op: 'Replace', path: 'active', value: false });
    expect(deactivate.statusCode).toBe(409);
    expect(deactivate.headers['content-type']).toContain('application/scim+json');
    expect(deactivate.json()).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      detail: expect.stringContaining('last enabled Administrator'),
    });
    const put = await scim.put(`/Users/${boss}`, { userName: 'boss@contoso.example', active: false });
    expect(put.statusCode).toBe(409);
    expect((await scim.delete(`/Users/${boss}`)).statusCode).toBe(409);
    expect(await bossAccount()).toEqual({ status: 1, is_admin: 1 });
    expect((await scim.get(`/Users/${boss}`)).json().active).toBe(true);
  });

  it('keeps the role when the admin group loses the last Administrator, with a warning in the trail', async () => {
    const removed = await scim.patch(`/Groups/${admins}`, {
      op: 'Remove',
      path: `members[value eq "${boss}"]`,
    });
    expect(removed.statusCode).toBe(204);
    expect(await bossAccount()).toEqual({ status: 1, is_admin: 1 });
    const warning = await t.db.kysely
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'user.last-admin.kept')
      .execute();
    expect(warning.map((w) => JSON.parse(w.detail).via)).toEqual(['scim']);
    // Once another Administrator is enabled, the directory's word applies again.
    await t.db.kysely.updateTable('users').set({ status: 1 }).where('username', '=', 'admin').execute();
    await scim.patch(`/Users/${boss}`, { op: 'Replace', path: 'displayName', value: 'Boss' });
    expect(await bossAccount()).toEqual({ status: 1, is_admin: 0 });
    const deactivate = await scim.patch(`/Users/${boss}`, { op: 'Replace', path: 'active', value: false });
    expect(deactivate.statusCode).toBe(200);
  });
});
