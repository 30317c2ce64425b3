import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../../test/devices.ts';
import { buildTestApp, signIn, type TestApp } from '../../test/harness.ts';

/** The fields of a detail that hold ids of named objects (src/audit/trail-names.ts); targetId: a strategy's. */
const ID_FIELDS = [
  'userId',
  'userIds',
  'groupId',
  'groupIds',
  'targetGroupIds',
  'deviceGroupId',
  'roleId',
  'strategyId',
];
const idsIn = (detail: Record<string, unknown>) =>
  [...ID_FIELDS, 'providerId', 'targetId'].flatMap((f) => detail[f] ?? []);

/** Every admin change the console API offers lands in the trail, with who and from where. */
describe('trail coverage of admin changes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
  });
  afterAll(async () => t.close());

  it('records users, groups, device groups, providers, settings and address-book changes', async () => {
    const admin = await signIn(t.app);
    const call = async (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) => {
      const res = await t.app.inject({
        method,
        url,
        headers: admin.headers,
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
      return res.json() as { id: string };
    };
    const user = await call('POST', '/api/console/users', { username: 'zoe', password: 'zoe-password' });
    await call('PATCH', `/api/console/users/${user.id}`, { displayName: 'Zoe' });
    await call('POST', `/api/console/users/${user.id}/password`, {});
    await call('DELETE', `/api/console/users/${user.id}`);
    const group = await call('POST', '/api/console/groups', { name: 'Ops' });
    await call('PATCH', `/api/console/groups/${group.id}`, { note: 'night shift' });
    await call('PUT', `/api/console/groups/${group.id}/device-access`, { targetGroupIds: [group.id] });
    const lab = await call('POST', '/api/console/device-groups', { name: 'Lab' });
    await call('PATCH', `/api/console/device-groups/${lab.id}`, { note: 'bench' });
    await call('PUT', `/api/console/device-groups/${lab.id}/grants`, { userIds: [], groupIds: [group.id] });
    await call('DELETE', `/api/console/device-groups/${lab.id}`);
    await call('DELETE', `/api/console/groups/${group.id}`);
    const provider = await call('POST', '/api/console/sso/providers', {
      name: 'corp',
      type: 'entra',
      clientId: 'x',
      clientSecret: 'never-in-the-trail',
      issuer: 'https://login.microsoftonline.com/t/v2.0',
    });
    await call('PATCH', `/api/console/sso/providers/${provider.id}`, { clientSecret: 'also-never' });
    await call('DELETE', `/api/console/sso/providers/${provider.id}`);
    await call('PUT', '/api/console/audit/settings', { retentionDays: 100 });
    const book = await call('POST', '/api/console/address-books', { name: 'Helpdesk' });
    const books = `/api/console/address-books/${book.id}`;
    await call('POST', `${books}/peers`, { id: '123456789', alias: 'front desk' });
    await call('PATCH', `${books}/peers/123456789`, { note: 'by the door' });
    await call('POST', `${books}/tags`, { name: 'lobby', color: 0xff00ff00 });
    await call('PATCH', `${books}/tags/lobby`, { name: 'entrance' });
    await call('DELETE', `${books}/tags/entrance`);
    await call('DELETE', `${books}/peers/123456789`);
    await call('DELETE', books);

    const rows = await t.db.kysely.selectFrom('audit_log').selectAll().orderBy('id').execute();
    const changes = rows.filter((r) => r.action !== 'auth.login');
    expect(changes.map((r) => r.action)).toEqual([
      'user.create',
      'user.update',
      'user.password.reset',
      'user.delete',
      'group.create',
      'group.update',
      'group.device-access',
      'device-group.create',
      'device-group.update',
      'device-group.grants',
      'device-group.delete',
      'group.delete',
      'sso.provider.create',
      'sso.provider.update',
      'sso.provider.delete',
      'settings.update',
      'address-book.create',
      'address-book.peer.add',
      'address-book.peer.update',
      'address-book.tag.add',
      'address-book.tag.update',
      'address-book.tag.delete',
      'address-book.peer.delete',
      'address-book.delete',
    ]);
    expect(changes.every((r) => r.actor_name === 'admin' && r.ip === '127.0.0.1')).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/never-in-the-trail|also-never|zoe-password/);
  });

  // Issue 11: every entry names the objects it mentions as they were at the event, whatever happens to them later.
  it('stores the name at the time of the event of every object an entry mentions, for each kind of change', async () => {
    const admin = await signIn(t.app);
    const call = async (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) => {
      const res = await t.app.inject({
        method,
        url,
        headers: admin.headers,
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
      return res.json() as { id: string };
    };
    const since =
      (await t.db.kysely.selectFrom('audit_log').select('id').orderBy('id', 'desc').executeTakeFirst())?.id ??
      0;
    const night = await call('POST', '/api/console/groups', { name: 'Night' });
    const role = await call('POST', '/api/console/roles', {
      name: 'Helpers',
      permissions: { devices: 'read' },
    });
    const yan = await call('POST', '/api/console/users', {
      username: 'yan',
      password: 'yan-password',
      groupId: night.id,
    });
    const racks = await call('POST', '/api/console/device-groups', { name: 'Racks' });
    const quiet = await call('POST', '/api/console/strategies', { name: 'Quiet', options: {} });
    await registerDevice(t.app, '730000001', 'dXVpZC03MzA=');
    await call('PATCH', `/api/console/users/${yan.id}`, { roleId: role.id, groupId: night.id });
    await call('PUT', `/api/console/device-groups/${racks.id}/grants`, {
      userIds: [yan.id],
      groupIds: [night.id],
    });
    await call('PUT', `/api/console/groups/${night.id}/device-access`, { targetGroupIds: [night.id] });
    await call('PATCH', '/api/console/devices/730000001', { userId: yan.id, deviceGroupId: racks.id });
    await call('PUT', '/api/console/strategies/assignments', {
      targetType: 'device-group',
      targetId: racks.id,
      strategyId: quiet.id,
    });
    await call('PUT', '/api/console/strategies/assignments', {
      targetType: 'user',
      targetId: yan.id,
      strategyId: null,
    });
    const then: Record<string, string> = {
      [night.id]: 'Night',
      [role.id]: 'Helpers',
      [yan.id]: 'yan',
      [racks.id]: 'Racks',
      [quiet.id]: 'Quiet',
      '730000001': 'pc-730000001',
    };
    for (const [url, name] of [
      [`/api/console/users/${yan.id}`, 'yin'],
      [`/api/console/groups/${night.id}`, 'Day'],
    ]) {
      await call('PATCH', url as string, name === 'yin' ? { username: name } : { name });
    }
    await call('DELETE', `/api/console/device-groups/${racks.id}`);
    await call('DELETE', `/api/console/strategies/${quiet.id}`);

    const rows = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', since)
      .orderBy('id')
      .execute();
    const mentioning = rows.filter(
      (r) => idsIn(JSON.parse(r.detail)).length > 0 || r.action.startsWith('device.'),
    );
    expect(mentioning.map((r) => r.action)).toEqual([
      'user.update',
      'device-group.grants',
      'group.device-access',
      'device.update',
      'strategy.assign',
      'strategy.assign',
    ]);
    for (const row of mentioning) {
      const detail = JSON.parse(row.detail) as Record<string, unknown> & { names?: Record<string, string> };
      const ids = [...idsIn(detail), ...(row.action.startsWith('device.') ? [row.target] : [])];
      for (const id of ids)
        expect(detail.names?.[id as string], `${row.action} ${id}`).toBe(then[id as string]);
    }
  });
});
