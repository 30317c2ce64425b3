import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSecondInstance, buildTestApp, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { ONLINE_WINDOW_MS } from '../shared/devices.ts';
import { SYSINFO_VERSION } from './index.ts';

/**
 * Requests exactly as the client's Rust service builds them (spec §5, RD: src/hbbs_http/sync.rs):
 * `post_request` sends `Content-Type: application/json` and no other header, no token; bodies are
 * serde_json strings; replies are read as text.
 */
const machine = (n: number) => ({
  id: String(100_000_000 + n),
  uuid: Buffer.from(`machine-uid-${n}`).toString('base64'),
});
const heartbeatBody = (n: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ...machine(n), ver: 1004090, modified_at: 0, ...extra });
const sysinfoBody = (n: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    cpu: 'Intel(R) Core(TM) i7, 2.59GHz, 8/4 cores',
    memory: '15.5GB',
    os: 'windows / Windows 11 Pro - 23H2',
    hostname: `host-${n}`,
    username: 'alice',
    version: '1.4.9',
    ...machine(n),
    ...extra,
  });

describe.each(dialects())('device endpoints on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(async () => t.close());
  const post = (path: string, body: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/${path}`,
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
  const device = (id: string) =>
    t.db.kysely.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
  const lastSeen = async (id: string) =>
    (
      await t.db.kysely
        .selectFrom('device_presence')
        .select('last_seen_at')
        .where('device_id', '=', id)
        .executeTakeFirst()
    )?.last_seen_at;

  it('asks an unknown device for its sysinfo, registers it durably and answers the literal SYSINFO_UPDATED', async () => {
    const first = await post('heartbeat', heartbeatBody(1));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ sysinfo: true });
    expect(await device(machine(1).id)).toBeUndefined();

    const res = await post(
      'sysinfo',
      sysinfoBody(1, { 'preset-device-group-name': 'Office', 'some-future-key': [1, 2] }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('SYSINFO_UPDATED');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    // Stored before the reply: no flush needed.
    const row = await device(machine(1).id);
    expect(row).toMatchObject({
      uuid: machine(1).uuid,
      hostname: 'host-1',
      os_username: 'alice',
      os: 'windows / Windows 11 Pro - 23H2',
      cpu: 'Intel(R) Core(TM) i7, 2.59GHz, 8/4 cores',
      memory: '15.5GB',
      version: '1.4.9',
    });
    expect(JSON.parse(row?.sysinfo ?? '')).toEqual({ 'preset-device-group-name': 'Office' });

    const hb = await post('heartbeat', heartbeatBody(1, { conns: [3, 7] }));
    expect(hb.json()).toEqual({});
  });

  it('answers sysinfo as Android sends it (no cpu, no username)', async () => {
    const body = JSON.parse(sysinfoBody(2)) as Record<string, unknown>;
    delete body.cpu;
    delete body.username;
    const res = await post('sysinfo', JSON.stringify(body));
    expect(res.body).toBe('SYSINFO_UPDATED');
    expect(await device(machine(2).id)).toMatchObject({ cpu: '', os_username: '' });
  });

  it('answers ID_NOT_FOUND for a device without an ID yet', async () => {
    const res = await post('sysinfo', sysinfoBody(3, { id: '' }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('ID_NOT_FOUND');
    expect((await post('heartbeat', heartbeatBody(3, { id: '' }))).json()).toEqual({});
  });

  it('refuses an ID that another machine registered, in words, and leaves the row alone', async () => {
    const other = { uuid: Buffer.from('someone-else').toString('base64') };
    const res = await post('sysinfo', sysinfoBody(1, { ...other, hostname: 'impostor' }));
    expect(res.statusCode).toBe(409);
    expect(res.body).not.toBe('SYSINFO_UPDATED');
    expect(res.json().error).toMatch(/another machine/);
    expect((await post('heartbeat', heartbeatBody(1, other))).statusCode).toBe(409);
    expect((await device(machine(1).id))?.hostname).toBe('host-1');
  });

  it('re-uploads of unchanged sysinfo are accepted without a write; changes are stored', async () => {
    const before = await device(machine(1).id);
    expect((await post('sysinfo', sysinfoBody(1, { 'preset-device-group-name': 'Office' }))).body).toBe(
      'SYSINFO_UPDATED',
    );
    expect((await device(machine(1).id))?.sysinfo_at).toBe(before?.sysinfo_at);
    expect((await post('sysinfo', sysinfoBody(1, { hostname: 'renamed' }))).body).toBe('SYSINFO_UPDATED');
    expect((await device(machine(1).id))?.hostname).toBe('renamed');
  });

  it('answers sysinfo_ver to an empty JSON body with opaque text', async () => {
    const res = await post('sysinfo_ver', '');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(SYSINFO_VERSION);
  });

  it('refuses malformed heartbeats with a 4xx sentence', async () => {
    const res = await post('heartbeat', JSON.stringify({ uuid: 'x' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/"id"/);
    expect((await post('heartbeat', JSON.stringify({ ...machine(1), conns: 'x' }))).statusCode).toBe(400);
  });

  it('writes heartbeats in batches: visible as online after the flush, an old one is offline', async () => {
    const admin = await signIn(t.app);
    const online = async (id: string) => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/console/devices/${id}`,
        headers: admin.headers,
      });
      return res.json().online as boolean;
    };
    // An old device: last seen well outside the window.
    await post('sysinfo', sysinfoBody(4));
    const old = Date.now() - ONLINE_WINDOW_MS - 60_000;
    await t.db.kysely
      .updateTable('device_presence')
      .set({ last_seen_at: old })
      .where('device_id', '=', machine(4).id)
      .execute();
    expect(await online(machine(4).id)).toBe(false);

    expect((await post('heartbeat', heartbeatBody(4))).json()).toEqual({});
    // Written within one tick, not per request. That it waits in memory until then is presence.test.ts's to
    // check, with a Presence of its own: here the app's once-a-second tick may run at any moment.
    await t.app.devicePresence.flush();
    expect(await lastSeen(machine(4).id)).toBeGreaterThan(old);
    expect(await online(machine(4).id)).toBe(true);

    const page = await t.app.inject({
      method: 'GET',
      url: '/api/console/devices?status=offline',
      headers: admin.headers,
    });
    expect(page.json().items.map((d: { id: string }) => d.id)).not.toContain(machine(4).id);
  });

  it('tells a device deleted in the console to upload its sysinfo again', async () => {
    const admin = await signIn(t.app);
    await post('sysinfo', sysinfoBody(5));
    expect((await post('heartbeat', heartbeatBody(5))).json()).toEqual({});
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/console/devices/${machine(5).id}`,
      headers: admin.headers,
    });
    expect(del.statusCode).toBe(200);
    await t.app.devicePresence.flush();
    expect(await device(machine(5).id)).toBeUndefined();
    expect((await post('heartbeat', heartbeatBody(5))).json()).toEqual({ sysinfo: true });
  });

  it.runIf(dialect === 'postgres')(
    'shares registrations and heartbeats between two instances on one PostgreSQL',
    async () => {
      const second = await buildSecondInstance(t);
      try {
        const admin = await signIn(second.app);
        // Registered on the first instance: known to the second at once.
        expect(
          (
            await second.app.inject({
              method: 'POST',
              url: '/api/heartbeat',
              headers: { 'content-type': 'application/json' },
              payload: heartbeatBody(1),
            })
          ).json(),
        ).toEqual({});
        // Registered on the second: listed by the first.
        await second.app.inject({
          method: 'POST',
          url: '/api/sysinfo',
          headers: { 'content-type': 'application/json' },
          payload: sysinfoBody(6),
        });
        const firstAdmin = await signIn(t.app);
        const res = await t.app.inject({
          method: 'GET',
          url: `/api/console/devices?search=${machine(6).id}`,
          headers: firstAdmin.headers,
        });
        expect(res.json().items).toMatchObject([{ id: machine(6).id, hostname: 'host-6', online: true }]);

        // A device deleted on the second instance is noticed by the first at its next write.
        await post('heartbeat', heartbeatBody(6));
        await second.app.inject({
          method: 'DELETE',
          url: `/api/console/devices/${machine(6).id}`,
          headers: admin.headers,
        });
        // The first instance's once-a-second tick may already have written the heartbeat above, before the
        // delete: then nothing would be left to write. The device beats again (a later millisecond), as it would.
        await new Promise((resolve) => setTimeout(resolve, 2));
        await post('heartbeat', heartbeatBody(6));
        await t.app.devicePresence.flush();
        expect((await post('heartbeat', heartbeatBody(6))).json()).toEqual({ sysinfo: true });
      } finally {
        await second.close();
      }
    },
  );

  it('flushes buffered heartbeats when the app closes', async () => {
    const other = await buildTestApp(dialect);
    const db = other.db;
    await other.app.inject({
      method: 'POST',
      url: '/api/sysinfo',
      headers: { 'content-type': 'application/json' },
      payload: sysinfoBody(7),
    });
    const old = Date.now() - 600_000;
    await db.kysely.updateTable('device_presence').set({ last_seen_at: old }).execute();
    await other.app.inject({
      method: 'POST',
      url: '/api/heartbeat',
      headers: { 'content-type': 'application/json' },
      payload: heartbeatBody(7),
    });
    await other.app.close();
    const row = await db.kysely.selectFrom('device_presence').selectAll().executeTakeFirstOrThrow();
    expect(row.last_seen_at).toBeGreaterThan(old);
    await db.close();
  });
});
