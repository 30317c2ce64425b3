import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildSecondInstance,
  buildTestApp,
  type ConsoleSession,
  dialects,
  signIn,
  type TestApp,
} from '../../test/harness.ts';

// The client's own requests (spec §3.2–3.3, §5.2): JSON bodies, Bearer only on currentUser.
const LAPTOP = {
  id: '111222333',
  uuid: Buffer.from('laptop-machine-uid').toString('base64'),
  deviceInfo: { os: 'windows', type: 'client', name: 'carol-laptop' },
};
const DESKTOP = {
  id: '444555666',
  uuid: Buffer.from('desktop-machine-uid').toString('base64'),
  deviceInfo: { os: 'linux', type: 'client', name: 'carol-desktop' },
};

describe.each(dialects())('console: devices and signed-in clients on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  let carolId: string;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    admin = await signIn(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/console/users',
      headers: admin.headers,
      payload: { username: 'carol', password: 'carol-password' },
    });
    carolId = res.json().id;
  });
  afterAll(async () => t.close());

  const clientLogin = async (device: typeof LAPTOP) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'carol', password: 'carol-password', autoLogin: true, type: 'account', ...device },
    });
    expect(res.statusCode).toBe(200);
    return res.json().access_token as string;
  };
  const currentUser = (token: string, device: typeof LAPTOP) =>
    t.app.inject({
      method: 'POST',
      url: '/api/currentUser',
      headers: { authorization: `Bearer ${token}` },
      payload: { id: device.id, uuid: device.uuid },
    });
  const sysinfo = (device: typeof LAPTOP) =>
    t.app.inject({
      method: 'POST',
      url: '/api/sysinfo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        cpu: 'AMD Ryzen 7, 3.8GHz, 16/8 cores',
        memory: '31.2GB',
        os: device.deviceInfo.os === 'linux' ? 'linux / Ubuntu 24.04' : 'windows / Windows 11 Pro - 23H2',
        hostname: device.deviceInfo.name,
        username: 'carol',
        version: '1.4.9',
        id: device.id,
        uuid: device.uuid,
      }),
    });
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: admin.headers });

  it('lists a user’s signed-in clients and signs one out: its token is refused at once, the other keeps working', async () => {
    const laptopToken = await clientLogin(LAPTOP);
    const desktopToken = await clientLogin(DESKTOP);
    const list = await get(`/api/console/users/${carolId}/client-sessions`);
    expect(list.statusCode).toBe(200);
    const sessions = list.json() as Array<{
      id: string;
      deviceId: string;
      deviceName: string;
      deviceOs: string;
    }>;
    expect(sessions.map((s) => s.deviceId).sort()).toEqual([LAPTOP.id, DESKTOP.id].sort());
    const laptop = sessions.find((s) => s.deviceId === LAPTOP.id);
    expect(laptop).toMatchObject({ deviceName: 'carol-laptop', deviceOs: 'windows', deviceType: 'client' });
    expect(JSON.stringify(sessions)).not.toContain(laptopToken);

    const out = await t.app.inject({
      method: 'DELETE',
      url: `/api/console/users/${carolId}/client-sessions/${laptop?.id}`,
      headers: admin.headers,
    });
    expect(out.statusCode).toBe(200);
    const refused = await currentUser(laptopToken, LAPTOP);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error).toBe('Invalid token');
    expect((await currentUser(desktopToken, DESKTOP)).statusCode).toBe(200);

    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.client_session.revoke')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_name: 'admin', target: 'carol' });
    expect(JSON.parse(audit.detail)).toMatchObject({ device: LAPTOP.id });

    // Not a session of this user (or already gone): 404 in words.
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/console/users/${carolId}/client-sessions/${laptop?.id}`,
      headers: admin.headers,
    });
    expect(again.statusCode).toBe(404);
    expect(again.json().error).toMatch(/signed-in device/);
  });

  it('shows devices with the signed-in user, searches and pages server-side, edits the note, deletes', async () => {
    await sysinfo(LAPTOP);
    await sysinfo(DESKTOP);
    await clientLogin(LAPTOP);
    const all = await get('/api/console/devices?page=1&pageSize=1');
    expect(all.json()).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(all.json().items).toHaveLength(1);

    const found = await get('/api/console/devices?search=LAPTOP');
    expect(found.json().items).toMatchObject([
      {
        id: LAPTOP.id,
        hostname: 'carol-laptop',
        os: 'windows / Windows 11 Pro - 23H2',
        version: '1.4.9',
        userName: 'carol',
        online: true,
      },
    ]);
    // The signed-in user is searchable too.
    expect((await get('/api/console/devices?search=carol')).json().total).toBe(2);
    expect((await get('/api/console/devices?search=ubuntu')).json().items[0].id).toBe(DESKTOP.id);
    expect((await get('/api/console/devices?search=%25')).json().total).toBe(0);

    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/console/devices/${LAPTOP.id}`,
      headers: admin.headers,
      payload: { note: 'Front desk' },
    });
    expect(patched.json()).toMatchObject({ id: LAPTOP.id, note: 'Front desk' });
    expect((await get('/api/console/devices?search=front')).json().total).toBe(1);

    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/console/devices/${DESKTOP.id}`,
      headers: admin.headers,
    });
    expect(deleted.statusCode).toBe(200);
    expect((await get('/api/console/devices')).json().total).toBe(1);
    expect((await get(`/api/console/devices/${DESKTOP.id}`)).statusCode).toBe(404);
    const actions = await t.db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'device.%')
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['device.delete', 'device.update']);
  });

  it('sorts server-side by a column either way and filters by device group and status', async () => {
    await sysinfo(LAPTOP);
    await sysinfo(DESKTOP);
    const ids = async (query: string) =>
      (await get(`/api/console/devices?${query}`)).json().items.map((d: { id: string }) => d.id);
    expect(await ids('sort=hostname')).toEqual([DESKTOP.id, LAPTOP.id]);
    expect(await ids('sort=hostname&dir=desc')).toEqual([LAPTOP.id, DESKTOP.id]);
    expect(await ids('sort=os&dir=asc')).toEqual([DESKTOP.id, LAPTOP.id]);
    expect(await ids('sort=id&dir=desc&pageSize=1&page=2')).toEqual([LAPTOP.id]);
    expect((await get('/api/console/devices?sort=cpu')).statusCode).toBe(400);

    const group = await t.app.inject({
      method: 'POST',
      url: '/api/console/device-groups',
      headers: admin.headers,
      payload: { name: 'Front office' },
    });
    const groupId = group.json().id as string;
    await t.app.inject({
      method: 'PATCH',
      url: `/api/console/devices/${DESKTOP.id}`,
      headers: admin.headers,
      payload: { deviceGroupId: groupId },
    });
    expect(await ids(`deviceGroupId=${groupId}`)).toEqual([DESKTOP.id]);
    // The schema takes the device group and user sorts too (the ungrouped laptop last either way).
    expect(await ids('sort=deviceGroup')).toEqual([DESKTOP.id, LAPTOP.id]);
    expect(await ids('sort=deviceGroup&dir=desc')).toEqual([DESKTOP.id, LAPTOP.id]);
    expect((await get('/api/console/devices?sort=user&dir=desc')).statusCode).toBe(200);
    expect(await ids(`deviceGroupId=${groupId}&status=offline`)).toEqual([]);
    expect(await ids('deviceGroupId=no-such-group')).toEqual([]);
  });

  it('refuses non-admins and anonymous callers', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/console/devices' })).statusCode).toBe(401);
    const carol = await signIn(t.app, 'carol', 'carol-password');
    const res = await t.app.inject({ method: 'GET', url: '/api/console/devices', headers: carol.headers });
    expect(res.statusCode).toBe(403);
    const sessions = await t.app.inject({
      method: 'GET',
      url: `/api/console/users/${carolId}/client-sessions`,
      headers: carol.headers,
    });
    expect(sessions.statusCode).toBe(403);
  });

  it.runIf(dialect === 'postgres')('a Sign out on one instance is refused by another at once', async () => {
    const token = await clientLogin(DESKTOP);
    const second = await buildSecondInstance(t);
    try {
      const onSecond = () =>
        second.app.inject({
          method: 'POST',
          url: '/api/currentUser',
          headers: { authorization: `Bearer ${token}` },
          payload: { id: DESKTOP.id, uuid: DESKTOP.uuid },
        });
      expect((await onSecond()).statusCode).toBe(200);
      const sessions = (await get(`/api/console/users/${carolId}/client-sessions`)).json() as Array<{
        id: string;
        deviceId: string;
      }>;
      for (const s of sessions.filter((x) => x.deviceId === DESKTOP.id)) {
        await t.app.inject({
          method: 'DELETE',
          url: `/api/console/users/${carolId}/client-sessions/${s.id}`,
          headers: admin.headers,
        });
      }
      expect((await onSecond()).statusCode).toBe(401);
    } finally {
      await second.close();
    }
  });

  it('revokes every client token of a user who is disabled', async () => {
    const token = await clientLogin(LAPTOP);
    expect((await currentUser(token, LAPTOP)).statusCode).toBe(200);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/console/users/${carolId}`,
      headers: admin.headers,
      payload: { enabled: false },
    });
    expect(res.statusCode).toBe(200);
    const left = await t.db.kysely
      .selectFrom('client_tokens')
      .select('id')
      .where('user_id', '=', carolId)
      .execute();
    expect(left).toEqual([]);
    // Enabling the user again does not bring the old token back.
    await t.app.inject({
      method: 'PATCH',
      url: `/api/console/users/${carolId}`,
      headers: admin.headers,
      payload: { enabled: true },
    });
    expect((await currentUser(token, LAPTOP)).statusCode).toBe(401);
    expect((await get(`/api/console/users/${carolId}/client-sessions`)).json()).toEqual([]);
  });
});
