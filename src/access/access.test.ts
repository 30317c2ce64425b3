import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupRequest, groupUrl, pullAll } from '../../test/accessible-devices.ts';
import { clientLogin, createGroup, createUser } from '../../test/address-books.ts';
import {
  ADMIN_PASSWORD,
  buildTestApp,
  type ConsoleSession,
  dialects,
  signIn,
  type TestApp,
} from '../../test/harness.ts';
import { accessibleDevices } from './index.ts';

/*
 * The fleet (device → assigned user / device group):
 *   d1 sam · d2 sue · d3 tom · d4 oli · d5 — in Lab · d6 — in Secret · d7 sam, DISABLED · d8 tom in Lab
 * Users: sam, sue in Sales; tom in Support; oli in Ops; admin in Default.
 * Rules: Sales may access Support's devices; Lab is granted to the Sales group; Secret to the user oli.
 */
const DEVICES = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8'] as const;
const rustdeskId = (d: string) => `9000000${d.slice(1)}`;
const uuidOf = (d: string) => Buffer.from(`machine-${d}`).toString('base64');

describe.each(dialects())('accessible devices (spec §7) on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  const users: Record<string, string> = {};
  const groups: Record<string, string> = {};
  const deviceGroups: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const consoleReq = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: admin.headers, ...(payload ? { payload } : {}) });
  const idsOf = (rows: Array<Record<string, unknown>>, key = 'id') => rows.map((r) => r[key]).sort();

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    admin = await signIn(t.app);
    for (const g of ['Sales', 'Support', 'Ops']) groups[g] = await createGroup(t.app, admin, g);
    const members = { sam: 'Sales', sue: 'Sales', tom: 'Support', oli: 'Ops' } as const;
    for (const [name, group] of Object.entries(members))
      users[name] = await createUser(t.app, admin, name, { groupId: groups[group] as string });
    for (const [i, d] of DEVICES.entries()) {
      // Registered exactly as the client's service does it (spec §5.2): no token, JSON body.
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/sysinfo',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          id: rustdeskId(d),
          uuid: uuidOf(d),
          hostname: `host-${d}`,
          username: `os-user-${i}`,
          os: i % 2 ? 'linux / Ubuntu 24.04' : 'windows / Windows 11 Pro - 23H2',
          cpu: 'cpu',
          memory: '8GB',
          version: '1.4.9',
        }),
      });
      expect(res.body).toBe('SYSINFO_UPDATED');
    }
    for (const name of ['Lab', 'Secret']) {
      const res = await consoleReq('POST', '/api/console/device-groups', { name, note: `${name} machines` });
      expect(res.statusCode).toBe(201);
      deviceGroups[name] = res.json().id;
    }
    const assign = async (d: string, patch: object) => {
      const res = await consoleReq('PATCH', `/api/console/devices/${rustdeskId(d)}`, patch);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    await assign('d1', { userId: users.sam });
    await assign('d2', { userId: users.sue });
    await assign('d3', { userId: users.tom });
    await assign('d4', { userId: users.oli });
    await assign('d5', { deviceGroupId: deviceGroups.Lab });
    await assign('d6', { deviceGroupId: deviceGroups.Secret });
    const d7 = await assign('d7', { userId: users.sam, disabled: true });
    expect(d7).toMatchObject({ userName: 'sam', disabled: true, deviceGroupId: null });
    const d8 = await assign('d8', { userId: users.tom, deviceGroupId: deviceGroups.Lab });
    expect(d8).toMatchObject({ userId: users.tom, deviceGroupName: 'Lab', disabled: false });
    const access = await consoleReq('PUT', `/api/console/groups/${groups.Sales}/device-access`, {
      targetGroupIds: [groups.Support],
    });
    expect(access.json()).toEqual({ targetGroupIds: [groups.Support] });
    const lab = await consoleReq('PUT', `/api/console/device-groups/${deviceGroups.Lab}/grants`, {
      userIds: [],
      groupIds: [groups.Sales],
    });
    expect(lab.json()).toMatchObject({ name: 'Lab', deviceCount: 2, groupIds: [groups.Sales], userIds: [] });
    await consoleReq('PUT', `/api/console/device-groups/${deviceGroups.Secret}/grants`, {
      userIds: [users.oli],
      groupIds: [],
    });
    for (const name of ['sam', 'sue', 'tom', 'oli'])
      tokens[name] = await clientLogin(
        t.app,
        name,
        `${name}-password`,
        `8000${name.length}${name}`.slice(0, 9),
      );
    tokens.admin = await clientLogin(t.app, 'admin', ADMIN_PASSWORD, '700000001');
  });
  afterAll(async () => t.close());

  // What each user must receive — and, as the complement, must NOT.
  const expected: Record<string, { peers: string[]; users: string[]; groups: string[] }> = {
    sam: { peers: ['d1', 'd3', 'd5', 'd8'], users: ['sam', 'tom'], groups: ['Lab'] },
    sue: { peers: ['d2', 'd3', 'd5', 'd8'], users: ['sue', 'tom'], groups: ['Lab'] },
    tom: { peers: ['d3', 'd8'], users: ['tom'], groups: [] },
    oli: { peers: ['d4', 'd6'], users: ['oli'], groups: ['Secret'] },
    admin: {
      peers: ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd8'],
      users: ['admin', 'oli', 'sam', 'sue', 'tom'],
      groups: ['Lab', 'Secret'],
    },
  };

  it.each(Object.keys(expected))(
    '%s receives exactly what the rules allow, and nothing more',
    async (who) => {
      const want = expected[who] as (typeof expected)[string];
      const token = tokens[who] as string;
      const peers = idsOf(await pullAll(t.app, token, 'peers'));
      expect(peers).toEqual(want.peers.map(rustdeskId).sort());
      const forbidden = DEVICES.filter((d) => !want.peers.includes(d)).map(rustdeskId);
      for (const id of forbidden) expect(peers).not.toContain(id);
      expect(peers).not.toContain(rustdeskId('d7')); // disabled: hidden even from its owner and admins
      const names = idsOf(await pullAll(t.app, token, 'users'), 'name');
      expect(names).toEqual(want.users.sort());
      const seen = idsOf(await pullAll(t.app, token, 'device-group/accessible'), 'name');
      expect(seen).toEqual(want.groups);
    },
  );

  it('accessibleDevices is the one rule: the same sets straight from the query', async () => {
    for (const [who, want] of Object.entries(expected)) {
      const user = await t.db.kysely
        .selectFrom('users')
        .select(['id', 'group_id', 'is_admin'])
        .where('username', '=', who)
        .executeTakeFirstOrThrow();
      const rows = await accessibleDevices(t.db.kysely, user).select('devices.id').execute();
      expect(rows.map((r) => r.id).sort(), who).toEqual(want.peers.map(rustdeskId).sort());
    }
  });

  it('answers the shapes the client parses (PeerPayload, UserPayload, {name})', async () => {
    const res = await groupRequest(t.app, tokens.sam as string, groupUrl('peers', 1));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(body.total).toBe(4);
    const d8 = body.data.find((p: { id: string }) => p.id === rustdeskId('d8'));
    expect(d8).toEqual({
      id: rustdeskId('d8'),
      status: 1,
      user: users.tom,
      user_name: 'tom',
      device_group_name: 'Lab',
      note: '',
      info: { username: 'os-user-7', os: 'linux / Ubuntu 24.04', device_name: 'host-d8' },
    });
    // Platform as the client derives it: the text before " / " (spec §7.3).
    const d1 = body.data.find((p: { id: string }) => p.id === rustdeskId('d1'));
    expect(String(d1.info.os).split(' / ')[0]?.toLowerCase()).toBe('windows');
    const u = (await groupRequest(t.app, tokens.sam as string, groupUrl('users', 1))).json();
    expect(u.total).toBe(2);
    expect(u.data[0]).toEqual({
      name: 'sam',
      display_name: expect.any(String),
      avatar: '',
      email: expect.any(String),
      note: expect.any(String),
      status: 1,
      is_admin: false,
      info: {},
    });
    const g = (
      await groupRequest(t.app, tokens.sam as string, groupUrl('device-group/accessible', 1))
    ).json();
    expect(g).toEqual({ total: 1, data: [{ name: 'Lab' }] });
  });

  it('never names an ungranted device group on a visible peer', async () => {
    // tom sees his own d8, which is in Lab — but Lab is not granted to tom or Support.
    const peers = await pullAll(t.app, tokens.tom as string, 'peers');
    const d8 = peers.find((p) => p.id === rustdeskId('d8'));
    expect(d8?.device_group_name).toBe('');
    expect(JSON.stringify(peers)).not.toContain('Lab');
  });

  it('pages: every item once across pages, the real total on each page', async () => {
    const token = tokens.admin as string;
    const seen: string[] = [];
    for (const current of [1, 2, 3]) {
      const body = (await groupRequest(t.app, token, groupUrl('peers', current, 3))).json();
      expect(body.total).toBe(7);
      seen.push(...body.data.map((p: { id: string }) => p.id));
    }
    expect(seen.sort()).toEqual(expected.admin?.peers.map(rustdeskId).sort());
    expect((await groupRequest(t.app, token, groupUrl('peers', 4, 3))).json()).toEqual({
      total: 7,
      data: [],
    });
    expect(idsOf(await pullAll(t.app, token, 'users', 2), 'name')).toEqual(expected.admin?.users);
  });

  it('refuses a bad or missing token with 401 {"error"} on every listing', async () => {
    for (const endpoint of ['device-group/accessible', 'users', 'peers'] as const) {
      const bad = await groupRequest(t.app, 'not-a-token', groupUrl(endpoint, 1));
      expect(bad.statusCode).toBe(401);
      expect(typeof bad.json().error).toBe('string');
      const none = await t.app.inject({ method: 'GET', url: groupUrl(endpoint, 1) });
      expect(none.statusCode).toBe(401);
    }
  });

  it('status=1 lists enabled users only; a disabled user is listed without it', async () => {
    const res = await consoleReq('PATCH', `/api/console/users/${users.tom}`, { enabled: false });
    expect(res.statusCode).toBe(200);
    try {
      expect(idsOf(await pullAll(t.app, tokens.sam as string, 'users'), 'name')).toEqual(['sam']);
      const all = await groupRequest(t.app, tokens.sam as string, '/api/users?current=1&pageSize=100');
      expect(idsOf(all.json().data, 'name')).toEqual(['sam', 'tom']);
    } finally {
      await consoleReq('PATCH', `/api/console/users/${users.tom}`, { enabled: true });
    }
  });

  it('a rule change applies at once: re-enabling d7, revoking Lab', async () => {
    await consoleReq('PATCH', `/api/console/devices/${rustdeskId('d7')}`, { disabled: false });
    await consoleReq('PUT', `/api/console/device-groups/${deviceGroups.Lab}/grants`, {
      userIds: [],
      groupIds: [],
    });
    try {
      const peers = idsOf(await pullAll(t.app, tokens.sue as string, 'peers'));
      expect(peers).toEqual(['d2', 'd3', 'd8'].map(rustdeskId).sort()); // d8 stays: it is Support's
      expect(await pullAll(t.app, tokens.sue as string, 'device-group/accessible')).toEqual([]);
      expect(idsOf(await pullAll(t.app, tokens.sam as string, 'peers'))).toContain(rustdeskId('d7'));
    } finally {
      await consoleReq('PATCH', `/api/console/devices/${rustdeskId('d7')}`, { disabled: true });
      await consoleReq('PUT', `/api/console/device-groups/${deviceGroups.Lab}/grants`, {
        userIds: [],
        groupIds: [groups.Sales],
      });
    }
  });

  it('console: names unique, unknown ids 404, deleting a group frees its devices', async () => {
    const dup = await consoleReq('POST', '/api/console/device-groups', { name: 'lab' });
    expect(dup.statusCode).toBe(409);
    const unknownUser = await consoleReq('PUT', `/api/console/device-groups/${deviceGroups.Lab}/grants`, {
      userIds: ['nope'],
      groupIds: [],
    });
    expect(unknownUser.statusCode).toBe(404);
    const unknownGroup = await consoleReq('PATCH', `/api/console/devices/${rustdeskId('d1')}`, {
      deviceGroupId: 'nope',
    });
    expect(unknownGroup.statusCode).toBe(404);
    const temp = (await consoleReq('POST', '/api/console/device-groups', { name: 'Temp' })).json();
    const renamed = await consoleReq('PATCH', `/api/console/device-groups/${temp.id}`, { name: 'Temporary' });
    expect(renamed.json().name).toBe('Temporary');
    await consoleReq('PATCH', `/api/console/devices/${rustdeskId('d2')}`, { deviceGroupId: temp.id });
    expect((await consoleReq('DELETE', `/api/console/device-groups/${temp.id}`)).statusCode).toBe(200);
    const d2 = (await consoleReq('GET', `/api/console/devices/${rustdeskId('d2')}`)).json();
    expect(d2).toMatchObject({ deviceGroupId: null, userName: 'sue' });
    const list = (await consoleReq('GET', '/api/console/device-groups')).json();
    expect(list.map((g: { name: string }) => g.name)).toEqual(['Lab', 'Secret']);
    // Non-admins cannot manage rules.
    await createUser(t.app, admin, 'nadia');
    const nadia = await signIn(t.app, 'nadia', 'nadia-password');
    const denied = await t.app.inject({
      method: 'GET',
      url: '/api/console/device-groups',
      headers: nadia.headers,
    });
    expect(denied.statusCode).toBe(403);
  });
  it('concurrent rule edits by two admins all succeed; the last write is the state', async () => {
    const grants = (groupIds: string[]) =>
      consoleReq('PUT', `/api/console/device-groups/${deviceGroups.Secret}/grants`, {
        userIds: [users.oli],
        groupIds,
      });
    const access = () =>
      consoleReq('PUT', `/api/console/groups/${groups.Ops}/device-access`, { targetGroupIds: [groups.Ops] });
    const move = (to: string) =>
      consoleReq('PATCH', `/api/console/devices/${rustdeskId('d6')}`, { deviceGroupId: to });
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => grants([groups.Ops as string])),
      ...Array.from({ length: 4 }, () => access()),
      ...Array.from({ length: 4 }, () => move(deviceGroups.Secret as string)),
    ]);
    expect(results.map((r) => `${r.statusCode} ${r.statusCode === 200 ? '' : r.body}`)).toEqual(
      results.map(() => '200 '),
    );
    await grants([]);
    await consoleReq('PUT', `/api/console/groups/${groups.Ops}/device-access`, { targetGroupIds: [] });
    expect(idsOf(await pullAll(t.app, tokens.oli as string, 'peers'))).toEqual(['d4', 'd6'].map(rustdeskId));
  });
});
