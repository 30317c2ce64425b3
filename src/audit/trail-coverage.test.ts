import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type TestApp } from '../../test/harness.ts';

/** Every admin change the console API offers lands in the trail, with who and from where. */
describe('trail coverage of admin changes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
  });
  afterAll(async () => t.close());

  it('records users, groups, providers and settings changes', async () => {
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
    ]);
    expect(changes.every((r) => r.actor_name === 'admin' && r.ip === '127.0.0.1')).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/never-in-the-trail|also-never|zoe-password/);
  });
});
