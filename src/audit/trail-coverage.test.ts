import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type TestApp } from '../../test/harness.ts';

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
});
