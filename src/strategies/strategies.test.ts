import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientLogin, createUser } from '../../test/address-books.ts';
import {
  buildSecondInstance,
  buildTestApp,
  type ConsoleSession,
  dialects,
  signIn,
  type TestApp,
} from '../../test/harness.ts';
import { HeartbeatClient } from '../../test/rustdesk-sync.ts';
import { assignStrategyToDeviceByName } from './index.ts';
import { listLiveSessions } from './sessions.repo.ts';

let seq = 0;
const newClient = () => {
  seq++;
  return new HeartbeatClient(
    String(300_000_000 + seq),
    Buffer.from(`strategy-machine-${seq}`).toString('base64'),
  );
};

/** The console's calls, as the admin makes them. */
function consoleApi(app: FastifyInstance, admin: ConsoleSession) {
  const call = async (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: Record<string, unknown>,
  ) => {
    const res = await app.inject({
      method,
      url,
      headers: admin.headers,
      ...(payload === undefined ? {} : { payload }),
    });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  return {
    call,
    create: async (name: string, options: Record<string, string>, extra: Record<string, unknown> = {}) =>
      (await call('POST', '/api/console/strategies', { name, options, ...extra })).id as string,
    assign: (targetType: string, targetId: string, strategyId: string | null) =>
      call('PUT', '/api/console/strategies/assignments', { targetType, targetId, strategyId }),
    deviceStrategy: (id: string) => call('GET', `/api/console/devices/${id}/strategy`),
  };
}

describe.each(dialects())('strategies on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  let api: ReturnType<typeof consoleApi>;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    admin = await signIn(t.app);
    api = consoleApi(t.app, admin);
  });
  afterAll(async () => t.close());
  /** The heartbeat mirror's tick (every second in production), run now. */
  const tick = () => t.app.fleetSync.sync();

  it('delivers the most specific strategy (device > user > device group > default) and removes what no longer applies', async () => {
    const client = newClient();
    await client.register(t.app);
    const group = (await api.call('POST', '/api/console/device-groups', { name: `floor-${seq}` }))
      .id as string;
    const userId = await createUser(t.app, admin, `owner${seq}`);
    await api.call('PATCH', `/api/console/devices/${client.id}`, { deviceGroupId: group, userId });

    const fallback = await api.create(
      `Default ${seq}`,
      { 'enable-audio': 'N', 'custom-x': '1' },
      { isDefault: true },
    );
    await tick();
    await client.beat(t.app);
    expect(Object.fromEntries(client.options)).toEqual({ 'enable-audio': 'N', 'custom-x': '1' });
    expect(await api.deviceStrategy(client.id)).toMatchObject({ source: 'default', strategyId: fallback });

    const forGroup = await api.create(`Group ${seq}`, { 'enable-clipboard': 'N' });
    await api.assign('device-group', group, forGroup);
    await tick();
    await client.beat(t.app);
    // The default's options are dropped (sent as ""), the group's applied.
    expect(Object.fromEntries(client.options)).toEqual({ 'enable-clipboard': 'N' });

    const forUser = await api.create(`User ${seq}`, { 'enable-file-transfer': 'N' });
    await api.assign('user', userId, forUser);
    const forDevice = await api.create(`Device ${seq}`, { 'access-mode': 'view' });
    await api.assign('device', client.id, forDevice);
    await tick();
    await client.beat(t.app);
    expect(Object.fromEntries(client.options)).toEqual({ 'access-mode': 'view' });
    expect(await api.deviceStrategy(client.id)).toMatchObject({
      source: 'device',
      strategyName: `Device ${seq}`,
      assigned: { device: `Device ${seq}`, user: `User ${seq}`, deviceGroup: `Group ${seq}` },
    });

    await api.assign('device', client.id, null);
    await tick();
    await client.beat(t.app);
    expect(Object.fromEntries(client.options)).toEqual({ 'enable-file-transfer': 'N' });
    expect(await api.deviceStrategy(client.id)).toMatchObject({ source: 'user', sourceName: `owner${seq}` });
    // The user is deleted: the device falls back to its device group's strategy.
    await api.call('DELETE', `/api/console/users/${userId}`);
    await tick();
    await client.beat(t.app);
    expect(Object.fromEntries(client.options)).toEqual({ 'enable-clipboard': 'N' });
    expect(await api.deviceStrategy(client.id)).toMatchObject({ source: 'device-group' });
    await api.call('PATCH', `/api/console/strategies/${fallback}`, { isDefault: false });
  });

  it('sends nothing to a device that has the current version, and records when it applied it', async () => {
    const client = newClient();
    await client.register(t.app);
    const id = await api.create(`Quiet ${seq}`, { 'enable-camera': 'N' });
    await api.assign('device', client.id, id);
    await tick();
    const first = await client.beat(t.app);
    expect(first).toEqual({
      strategy: { config_options: { 'enable-camera': 'N' } },
      modified_at: client.strategyTimestamp,
    });
    expect((await api.deviceStrategy(client.id)).appliedAt).toBeNull();
    expect(await client.beat(t.app)).toEqual({});
    await tick();
    const view = await api.deviceStrategy(client.id);
    expect(view.modifiedAt).toBe(client.strategyTimestamp);
    expect(view.appliedAt).toEqual(expect.any(Number));
  });

  it('enforces the strategy again when the device reports an older modified_at (its local settings were changed back)', async () => {
    const client = newClient();
    await client.register(t.app);
    const id = await api.create(`Enforced ${seq}`, { 'enable-keyboard': 'N', 'allow-auto-disconnect': 'Y' });
    await api.assign('device', client.id, id);
    await tick();
    await client.beat(t.app);
    const current = client.strategyTimestamp;
    // Someone on the machine restores an old configuration: its own options and an old timestamp.
    client.options.set('enable-keyboard', 'Y');
    client.options.delete('allow-auto-disconnect');
    client.strategyTimestamp = current - 1000;
    await client.beat(t.app);
    expect(Object.fromEntries(client.options)).toEqual({
      'enable-keyboard': 'N',
      'allow-auto-disconnect': 'Y',
    });
    expect(client.strategyTimestamp).toBe(current);
  });

  it('removes an option taken out of a strategy, keeps one a custom client has a default for, and clears all on delete', async () => {
    const client = newClient();
    client.defaultSettings.set('enable-lan-discovery', 'N');
    await client.register(t.app);
    const id = await api.create(`Shrinking ${seq}`, {
      whitelist: '10.0.0.0/8',
      'enable-lan-discovery': 'Y',
      'enable-tunnel': 'N',
    });
    await api.assign('device', client.id, id);
    await tick();
    await client.beat(t.app);
    await api.call('PATCH', `/api/console/strategies/${id}`, { options: { 'enable-tunnel': 'N' } });
    await tick();
    const reply = await client.beat(t.app);
    expect(reply.strategy).toEqual({
      config_options: { whitelist: '', 'enable-lan-discovery': '', 'enable-tunnel': 'N' },
    });
    // sync.rs: an empty value is stored as empty when the client has a default advanced setting for it.
    expect(Object.fromEntries(client.options)).toEqual({ 'enable-lan-discovery': '', 'enable-tunnel': 'N' });
    await api.call('DELETE', `/api/console/strategies/${id}`);
    await tick();
    await client.beat(t.app);
    expect(Object.fromEntries(client.options)).toEqual({ 'enable-lan-discovery': '' });
    expect(await api.deviceStrategy(client.id)).toMatchObject({ source: 'none', strategyId: null });
  });

  it('follows a user onto the device they sign in on, but not onto a machine whose id they merely claim', async () => {
    seq++;
    const id = String(310_000_000 + seq);
    const owned = new HeartbeatClient(id, Buffer.from(`uuid-${id}`).toString('base64'));
    await owned.register(t.app);
    seq++;
    const victimId = String(310_000_000 + seq);
    const victim = new HeartbeatClient(victimId, Buffer.from('the real machine').toString('base64'));
    await victim.register(t.app);
    const user = `roamer${seq}`;
    const userId = await createUser(t.app, admin, user);
    await api.assign('user', userId, await api.create(`Roaming ${seq}`, { 'enable-tunnel': 'N' }));
    await clientLogin(t.app, user, `${user}-password`, id);
    // Signs in sending the victim's id with another uuid (clientLogin derives the uuid from the id).
    await clientLogin(t.app, user, `${user}-password`, victimId);
    await tick();
    await owned.beat(t.app);
    await victim.beat(t.app);
    expect(owned.options.get('enable-tunnel')).toBe('N');
    expect(victim.options.size).toBe(0);
    expect(await api.deviceStrategy(victimId)).toMatchObject({ source: 'none' });
  });

  it('assigns by name for rustdesk --assign and preset-strategy-name, false for an unknown name', async () => {
    const client = newClient();
    await client.register(t.app);
    await api.create(`Named ${seq}`, { 'enable-terminal': 'N' });
    expect(await assignStrategyToDeviceByName(t.db.kysely, client.id, `named ${seq}`)).toBe(true);
    expect(await assignStrategyToDeviceByName(t.db.kysely, client.id, 'no such strategy')).toBe(false);
    await tick();
    await client.beat(t.app);
    expect(client.options.get('enable-terminal')).toBe('N');
  });

  it('refuses a catalogue option with a value of the wrong type, and an option key the client cannot have', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/console/strategies',
      headers: admin.headers,
      payload: { name: `Bad ${seq}`, options: { 'enable-audio': 'yes' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'BAD_REQUEST', error: expect.stringContaining('"Y" or "N"') });
    const key = await t.app.inject({
      method: 'POST',
      url: '/api/console/strategies',
      headers: admin.headers,
      payload: { name: `Bad key ${seq}`, options: { 'a"b': '1' } },
    });
    expect(key.statusCode).toBe(400);
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/console/strategies',
      headers: admin.headers,
      payload: { name: `named ${seq - 1}`.toUpperCase(), options: {} },
    });
    expect([201, 409]).toContain(dup.statusCode);
  });

  it("does not give a device's strategy or disconnects to a machine presenting its id with another uuid", async () => {
    const client = newClient();
    await client.register(t.app);
    const id = await api.create(`Private ${seq}`, { 'api-server': 'https://internal.example' });
    await api.assign('device', client.id, id);
    await tick();
    const impostor = new HeartbeatClient(client.id, Buffer.from('another machine').toString('base64'));
    await expect(impostor.beat(t.app)).rejects.toThrow(/409/);
    expect(impostor.options.size).toBe(0);
  });

  it('lists live sessions from conns and connection records, and disconnects one through the next heartbeat (audited)', async () => {
    const client = newClient();
    await client.register(t.app);
    const common = `"id":"${client.id}","uuid":"${client.uuid}","conn_id":7,"session_id":42`;
    for (const body of [
      `{"action":"new","ip":"192.0.2.7",${common}}`,
      `{"peer":["987654321","bob"],"type":0,"primary_auth":3,${common}}`,
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/audit/conn',
        headers: { 'content-type': 'application/json' },
        payload: body,
      });
      expect(res.statusCode).toBe(200);
    }
    client.conns = [7];
    await client.beat(t.app);
    await tick();
    const sessions = await api.call('GET', `/api/console/devices/${client.id}/sessions`);
    expect(sessions).toEqual([
      {
        connId: 7,
        peerId: '987654321',
        peerName: 'bob',
        ip: '192.0.2.7',
        type: 0,
        since: expect.any(Number),
        disconnectRequestedAt: null,
      },
    ]);
    await api.call('POST', `/api/console/devices/${client.id}/sessions/7/disconnect`);
    await tick();
    const reply = await client.beat(t.app);
    expect(reply.disconnect).toEqual([7]);
    expect(client.closed).toEqual([7]);
    // Closed: the next heartbeat has no conns, nothing more is sent and the request is done.
    expect((await client.beat(t.app)).disconnect).toBeUndefined();
    await tick();
    expect(await api.call('GET', `/api/console/devices/${client.id}/sessions`)).toEqual([]);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'device.disconnect')
      .execute();
    expect(audit.at(-1)).toMatchObject({ target: client.id, actor_name: 'admin' });
    expect(JSON.parse(audit.at(-1)?.detail ?? '{}')).toMatchObject({ connId: 7 });
  });

  it('keeps a long session listed between refreshes of its conns (the refresh fell at the end of the 30 s window, so sessions blinked off)', async () => {
    const client = newClient();
    await client.register(t.app);
    const start = Date.now();
    t.app.fleetSync.answer(client.id, undefined, [9], start);
    await tick();
    // Heartbeats every 3 s while controlled, for over two minutes of the device's clock.
    for (let at = start + 3_000; at <= start + 130_000; at += 3_000) {
      t.app.fleetSync.answer(client.id, undefined, [9], at);
      // Read before the tick writes what this heartbeat learned: the console asks at any moment of a tick.
      const listed = await listLiveSessions(t.db.kysely, client.id, at + 999);
      expect(
        listed.map((s) => s.connId),
        `${at - start} ms after the first heartbeat`,
      ).toEqual([9]);
      await tick();
    }
  });

  it('lets only an administrator with a console session manage strategies and disconnect sessions', async () => {
    const client = newClient();
    await client.register(t.app);
    await createUser(t.app, admin, `plain${seq}`);
    const plain = await signIn(t.app, `plain${seq}`, `plain${seq}-password`);
    const attempts = [
      { method: 'POST' as const, url: '/api/console/strategies', payload: { name: 'x', options: {} } },
      { method: 'GET' as const, url: '/api/console/strategies' },
      { method: 'POST' as const, url: `/api/console/devices/${client.id}/sessions/1/disconnect` },
      { method: 'GET' as const, url: `/api/console/devices/${client.id}/sessions` },
    ];
    for (const a of attempts) {
      expect((await t.app.inject({ ...a, headers: plain.headers })).statusCode).toBe(403);
      expect((await t.app.inject(a)).statusCode).toBe(401);
    }
    // A forged cross-site request carries the cookie but not the CSRF token.
    const forged = await t.app.inject({
      method: 'POST',
      url: `/api/console/devices/${client.id}/sessions/1/disconnect`,
      headers: { cookie: admin.headers.cookie },
    });
    expect(forged.statusCode).toBe(403);
    expect(
      await t.db.kysely
        .selectFrom('device_disconnects')
        .selectAll()
        .where('device_id', '=', client.id)
        .execute(),
    ).toEqual([]);
  });

  it('answers 404 with a sentence for an unknown device, strategy or assignment target', async () => {
    for (const [method, url, payload] of [
      ['GET', '/api/console/devices/nope/strategy', undefined],
      ['POST', '/api/console/devices/nope/sessions/1/disconnect', undefined],
      ['PATCH', '/api/console/strategies/nope', { note: 'x' }],
      [
        'PUT',
        '/api/console/strategies/assignments',
        { targetType: 'user', targetId: 'nope', strategyId: null },
      ],
    ] as const) {
      const res = await t.app.inject({
        method,
        url,
        headers: admin.headers,
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatch(/was not found/);
    }
  });
});

describe.runIf(dialects().includes('postgres'))(
  'strategies and disconnects across two instances on PostgreSQL',
  () => {
    let a: TestApp;
    let b: TestApp;
    beforeAll(async () => {
      a = await buildTestApp('postgres');
      b = await buildSecondInstance(a);
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
    });

    it('a strategy set and a disconnect asked on one instance reach the heartbeat served by the other', async () => {
      const admin = await signIn(a.app);
      const api = consoleApi(a.app, admin);
      const client = newClient();
      await client.register(b.app);
      const id = await api.create('Across', { 'enable-remote-restart': 'N' });
      await api.assign('device', client.id, id);
      client.conns = [11];
      await b.app.fleetSync.sync();
      await client.beat(b.app);
      expect(client.options.get('enable-remote-restart')).toBe('N');

      await api.call('POST', `/api/console/devices/${client.id}/sessions/11/disconnect`);
      // Instance b learns of it at its next tick (once a second); the client beats every 3 s while controlled.
      await expect
        .poll(async () => (await client.beat(b.app)).disconnect, { timeout: 5000, interval: 200 })
        .toEqual([11]);
      expect(client.closed).toEqual([11]);
    });
  },
);
