import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullAll } from '../../test/accessible-devices.ts';
import { clientLogin, createUser } from '../../test/address-books.ts';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';

/** The first sysinfo as RD: src/hbbs_http/sync.rs builds it, `preset-*` keys only when set. */
const sysinfo = (id: string, uuid: string, presets: Record<string, string> = {}) =>
  JSON.stringify({
    cpu: 'Intel(R) Core(TM) i7, 2.59GHz, 8/4 cores',
    memory: '15.5GB',
    os: 'windows / Windows 11 Pro - 23H2',
    hostname: `pc-${id}`,
    username: 'SYSTEM',
    version: '1.4.9',
    id,
    uuid,
    ...presets,
  });
const uuidOf = (id: string) => Buffer.from(`uuid-${id}`).toString('base64');

describe.each(dialects())('presets, device approval and pre-registration on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  let aliceId: string;
  let groupId: string;
  let bookId: string;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    admin = await signIn(t.app);
    aliceId = await createUser(t.app, admin, 'alice');
    const group = await t.app.inject({
      method: 'POST',
      url: '/api/console/device-groups',
      headers: admin.headers,
      payload: { name: 'Kiosks' },
    });
    groupId = group.json().id;
    const book = await t.app.inject({
      method: 'POST',
      url: '/api/console/address-books',
      headers: admin.headers,
      payload: { name: 'Branch office' },
    });
    bookId = book.json().id;
    await t.app.inject({
      method: 'POST',
      url: `/api/console/address-books/${bookId}/tags`,
      headers: admin.headers,
      payload: { name: 'front-desk', color: 1 },
    });
  });
  afterAll(async () => t.close());

  const register = async (id: string, presets: Record<string, string> = {}) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sysinfo',
      headers: { 'content-type': 'application/json' },
      payload: sysinfo(id, uuidOf(id), presets),
    });
    expect(res.body).toBe('SYSINFO_UPDATED');
  };
  const consoleDevice = async (id: string) =>
    (await t.app.inject({ url: `/api/console/devices/${id}`, headers: admin.headers })).json();
  const bookPeerIds = async () =>
    (await t.app.inject({ url: `/api/console/address-books/${bookId}/peers`, headers: admin.headers }))
      .json()
      .items.map((p: { id: string }) => p.id);
  const setApproval = (requireApproval: boolean, approveOnSignIn = false) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/console/device-approval/settings',
      headers: admin.headers,
      payload: { requireApproval, approveOnSignIn },
    });
  const approve = (ids: string[]) =>
    t.app.inject({
      method: 'POST',
      url: '/api/console/device-approval/approve',
      headers: admin.headers,
      payload: { ids },
    });

  it('applies the preset-* keys of the first sysinfo, each only if it names something that exists, and audits them', async () => {
    await register('800000001', {
      'preset-user-name': 'alice',
      'preset-device-group-name': 'Kiosks',
      'preset-note': 'imaged in batch 7',
      'preset-address-book-name': 'Branch office',
      'preset-address-book-tag': 'front-desk',
      'preset-address-book-alias': 'Lobby',
      'preset-address-book-password': 'lobby-secret',
      'preset-address-book-note': 'lobby screen',
      'preset-strategy-name': 'No such strategy',
    });
    expect(await consoleDevice('800000001')).toMatchObject({
      userId: aliceId,
      deviceGroupName: 'Kiosks',
      note: 'imaged in batch 7',
      pending: false,
    });
    const peers = await t.app.inject({
      url: `/api/console/address-books/${bookId}/peers`,
      headers: admin.headers,
    });
    expect(peers.json().items[0]).toMatchObject({
      id: '800000001',
      alias: 'Lobby',
      tags: ['front-desk'],
      note: 'lobby screen',
      hasPassword: true,
    });
    const entry = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'device.preset')
      .where('target', '=', '800000001')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.detail)).toMatchObject({
      applied: { user: 'alice', deviceGroup: 'Kiosks', addressBook: 'Branch office' },
      missing: ['No strategy is named "No such strategy".'],
    });
    // The preset password is a credential: never kept in the stored sysinfo nor in the trail.
    const row = await t.db.kysely
      .selectFrom('devices')
      .select('sysinfo')
      .where('id', '=', '800000001')
      .executeTakeFirstOrThrow();
    expect(row.sysinfo).not.toContain('lobby-secret');
    expect(entry.detail).not.toContain('lobby-secret');
  });

  it('applies preset-strategy-name and a pre-registered strategy', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/console/strategies',
      headers: admin.headers,
      payload: { name: 'Kiosk lockdown', options: { 'enable-keyboard': 'N' } },
    });
    expect(created.statusCode).toBe(201);
    await register('800000011', { 'preset-strategy-name': 'Kiosk lockdown' });
    const entry = await t.db.kysely
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'device.preset')
      .where('target', '=', '800000011')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.detail).applied).toMatchObject({ strategy: 'Kiosk lockdown' });
  });

  // Issue 13 §5: a first registration with user and device-group presets computed the strategy twice.
  it('computes the strategy of a newly registered device once, whatever its presets set', async () => {
    const revision = async () =>
      Number((await t.db.kysely.selectFrom('fleet_revision').select('rev').executeTakeFirstOrThrow()).rev);
    const before = await revision();
    await register('800000012', {
      'preset-user-name': 'alice',
      'preset-device-group-name': 'Kiosks',
      'preset-strategy-name': 'Kiosk lockdown',
    });
    // Every computation takes a fleet revision (strategies/effective.ts).
    expect((await revision()) - before).toBe(1);
    const state = await t.db.kysely
      .selectFrom('device_strategy_state')
      .innerJoin('strategies', 'strategies.id', 'device_strategy_state.strategy_id')
      .select(['strategies.name', 'device_strategy_state.source'])
      .where('device_id', '=', '800000012')
      .executeTakeFirstOrThrow();
    expect(state).toEqual({ name: 'Kiosk lockdown', source: 'device' });
  });

  it('skips presets that name nothing', async () => {
    await register('800000002', { 'preset-user-name': 'nobody', 'preset-device-group-name': 'Nowhere' });
    expect(await consoleDevice('800000002')).toMatchObject({ userId: null, deviceGroupId: null });
  });

  it('holds a new device as pending: answered, but in no client listing or address book until approved', async () => {
    expect((await setApproval(true)).json()).toEqual({ requireApproval: true, approveOnSignIn: false });
    await register('800000003', { 'preset-address-book-name': 'Branch office', 'preset-user-name': 'alice' });
    const heartbeat = await t.app.inject({
      method: 'POST',
      url: '/api/heartbeat',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ id: '800000003', uuid: uuidOf('800000003'), ver: 1004090, modified_at: 0 }),
    });
    expect(heartbeat.statusCode).toBe(200);
    expect(await consoleDevice('800000003')).toMatchObject({ pending: true, userId: null });
    const pendingList = await t.app.inject({
      url: '/api/console/devices?status=pending',
      headers: admin.headers,
    });
    expect(pendingList.json().items.map((d: { id: string }) => d.id)).toEqual(['800000003']);

    const adminToken = await clientLogin(t.app, 'admin', 'admin-password-1', '800000099');
    const aliceToken = await clientLogin(t.app, 'alice', 'alice-password', '800000098');
    const peerIds = async (token: string) => (await pullAll(t.app, token, 'peers')).map((p) => p.id);
    expect(await peerIds(adminToken)).not.toContain('800000003');
    expect(await peerIds(aliceToken)).not.toContain('800000003');
    expect(await bookPeerIds()).not.toContain('800000003');

    const res = await approve(['800000003']);
    expect(res.json()).toEqual({ approved: ['800000003'] });
    expect(await peerIds(adminToken)).toContain('800000003');
    expect(await peerIds(aliceToken)).toContain('800000003');
    expect(await bookPeerIds()).toContain('800000003');
    expect(await consoleDevice('800000003')).toMatchObject({ pending: false, userId: aliceId });
  });

  // Issue 13 §4: the address-book password preset of a held device was lost (it is never stored in clear).
  it('applies the address-book password preset of a held device when it is approved, then forgets it', async () => {
    await setApproval(true);
    await register('800000013', {
      'preset-address-book-name': 'Branch office',
      'preset-address-book-password': 'held-secret',
    });
    const stored = async () =>
      (
        await t.db.kysely
          .selectFrom('devices')
          .select('sysinfo')
          .where('id', '=', '800000013')
          .executeTakeFirstOrThrow()
      ).sysinfo;
    expect(await stored()).not.toContain('held-secret');
    // The client re-uploads its sysinfo while held (a changed hostname): the preset is kept.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/sysinfo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        ...JSON.parse(
          sysinfo('800000013', uuidOf('800000013'), {
            'preset-address-book-name': 'Branch office',
            'preset-address-book-password': 'held-secret',
          }),
        ),
        hostname: 'renamed',
      }),
    });
    expect(again.body).toBe('SYSINFO_UPDATED');
    expect((await approve(['800000013'])).json()).toEqual({ approved: ['800000013'] });
    const peers = await t.app.inject({
      url: `/api/console/address-books/${bookId}/peers`,
      headers: admin.headers,
    });
    expect(peers.json().items.find((p: { id: string }) => p.id === '800000013')).toMatchObject({
      hasPassword: true,
    });
    expect(await stored()).not.toContain('held-address-book-password');
  });

  it('approves in bulk, reporting only the ids that were pending', async () => {
    await register('800000004');
    await register('800000005');
    const res = await approve(['800000004', '800000005', '800000001']);
    expect(res.json().approved.sort()).toEqual(['800000004', '800000005']);
  });

  // Issue 13 §4: "Approve all shown" approved only the current page.
  it('approves every pending device the filter matches, on every page, and counts them first', async () => {
    await setApproval(true);
    for (const id of ['800000021', '800000022', '800000023', '800000031']) await register(id);
    const count = await t.app.inject({
      url: '/api/console/device-approval/pending?search=80000002',
      headers: admin.headers,
    });
    expect(count.json()).toEqual({ total: 3 });
    // A page of one shows one device; the filter still takes all three.
    const page = await t.app.inject({
      url: '/api/console/devices?search=80000002&status=pending&pageSize=1',
      headers: admin.headers,
    });
    expect(page.json().items).toHaveLength(1);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/console/device-approval/approve-matching',
      headers: admin.headers,
      payload: { search: '80000002', status: 'pending' },
    });
    expect(res.json().approved.sort()).toEqual(['800000021', '800000022', '800000023']);
    expect((await consoleDevice('800000031')).pending).toBe(true);
    await approve(['800000031']);
  });

  it('approves a pending device when its user signs in on it, if that option is on', async () => {
    await setApproval(true, true);
    await register('800000006');
    expect((await consoleDevice('800000006')).pending).toBe(true);
    await clientLogin(t.app, 'alice', 'alice-password', '800000006');
    expect((await consoleDevice('800000006')).pending).toBe(false);
    const entry = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'device.approve')
      .where('target', '=', '800000006')
      .executeTakeFirstOrThrow();
    expect(entry.actor_name).toBe('alice');
  });

  it('pre-registers an ID with user, group and note: applied when it first connects, not held for approval', async () => {
    await setApproval(true);
    const pre = await t.app.inject({
      method: 'POST',
      url: '/api/console/device-approval/preregistrations',
      headers: admin.headers,
      payload: { deviceId: '800000007', userId: aliceId, deviceGroupId: groupId, note: 'CEO laptop' },
    });
    expect(pre.statusCode).toBe(200);
    const list = await t.app.inject({
      url: '/api/console/device-approval/preregistrations',
      headers: admin.headers,
    });
    expect(list.json()).toEqual([
      expect.objectContaining({ deviceId: '800000007', userName: 'alice', deviceGroupName: 'Kiosks' }),
    ]);
    await register('800000007');
    expect(await consoleDevice('800000007')).toMatchObject({
      pending: false,
      userId: aliceId,
      deviceGroupId: groupId,
      note: 'CEO laptop',
    });
    const after = await t.app.inject({
      url: '/api/console/device-approval/preregistrations',
      headers: admin.headers,
    });
    expect(after.json()).toEqual([]);
  });

  it('refuses to pre-register an ID that is already registered, with a sentence', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/console/device-approval/preregistrations',
      headers: admin.headers,
      payload: { deviceId: '800000001', note: 'x' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('Device 800000001 is already registered; edit it on the Devices page.');
  });
  it('leaves every approval change in the trail, with who did it', async () => {
    const del = await t.app.inject({
      method: 'POST',
      url: '/api/console/device-approval/preregistrations',
      headers: admin.headers,
      payload: { deviceId: '800000077' },
    });
    expect(del.statusCode).toBe(200);
    await t.app.inject({
      method: 'DELETE',
      url: '/api/console/device-approval/preregistrations/800000077',
      headers: admin.headers,
    });
    const rows = await t.db.kysely.selectFrom('audit_log').select(['action', 'actor_name']).execute();
    const by = (action: string) => rows.filter((r) => r.action === action).map((r) => r.actor_name);
    expect(by('settings.device-approval')).toContain('admin');
    expect(by('device.approve')).toContain('admin');
    expect(by('device.preregister')).toContain('admin');
    expect(by('device.preregistration.delete')).toEqual(['admin']);
    expect(by('device.preregistration.apply')).toEqual(['device:800000007']);
    expect(by('device.pending').length).toBeGreaterThan(0);
  });
});
