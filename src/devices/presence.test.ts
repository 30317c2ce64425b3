import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerDevice } from '../../test/devices.ts';
import { buildTestApp, dialects, type TestApp } from '../../test/harness.ts';
import { ONLINE_WINDOW_MS } from '../shared/devices.ts';
import { writeLastSeen } from './devices.repo.ts';
import { Presence, REWRITE_AFTER_MS } from './presence.ts';

// Issue 14: a device beating several times a second (the heartbeat bench), or every 3 s while controlled, had
// its time written at every one-second tick; now at most every REWRITE_AFTER_MS, and its latest time always.
describe.each(dialects())('heartbeat times on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(async () => t.close());
  afterEach(() => {
    vi.useRealTimers();
  });
  const stored = async (id: string) =>
    Number(
      (
        await t.db.kysely
          .selectFrom('device_presence')
          .select('last_seen_at')
          .where('device_id', '=', id)
          .executeTakeFirstOrThrow()
      ).last_seen_at,
    );

  it('writes a fast-beating device at most every few seconds, always its latest time, and all of it on flush', async () => {
    expect(REWRITE_AFTER_MS).toBeLessThanOrEqual(ONLINE_WINDOW_MS / 5);
    await registerDevice(t.app, '700000001', 'dXVpZC03MDA=');
    // A Presence of its own: the app's timer writes nothing for it.
    const presence = new Presence(t.db.kysely, t.app.log);
    // Ahead of the registration's time, which the database keeps when it is newer.
    const t0 = Date.now() + 60_000;
    vi.useFakeTimers({ toFake: ['Date'] });
    const at = async (ms: number) => {
      vi.setSystemTime(t0 + ms);
      await presence.writeDue();
    };

    // The first heartbeat this instance sees is written at the next tick (a device coming back shows at once).
    expect(await presence.beat('700000001', 'dXVpZC03MDA=', t0)).toBe('ok');
    await at(0);
    expect(await stored('700000001')).toBe(t0);
    expect(presence.buffered).toBe(0);

    // Beats within REWRITE_AFTER_MS of the written time wait in memory …
    expect(presence.beatKnown('700000001', 'dXVpZC03MDA=', t0 + 1000)).toBe(true);
    await at(1000);
    expect(presence.beatKnown('700000001', 'dXVpZC03MDA=', t0 + 3000)).toBe(true);
    await at(REWRITE_AFTER_MS - 1);
    expect(await stored('700000001')).toBe(t0);
    expect(presence.buffered).toBe(1);

    // … and the latest is written once it has passed, even if the device has stopped beating since.
    await at(REWRITE_AFTER_MS);
    expect(await stored('700000001')).toBe(t0 + 3000);
    expect(presence.buffered).toBe(0);

    // A stop (flush) writes what is buffered, due or not.
    expect(presence.beatKnown('700000001', 'dXVpZC03MDA=', t0 + 4000)).toBe(true);
    vi.setSystemTime(t0 + 4000);
    await presence.flush();
    expect(await stored('700000001')).toBe(t0 + 4000);
    expect(presence.buffered).toBe(0);
  });

  it('drops a device deleted meanwhile at its next write, and a forgotten one without writing it', async () => {
    await registerDevice(t.app, '700000002', 'dXVpZC03MDI=');
    await registerDevice(t.app, '700000003', 'dXVpZC03MDM=');
    const presence = new Presence(t.db.kysely, t.app.log);
    const now = Date.now();
    expect(await presence.beat('700000002', 'dXVpZC03MDI=', now)).toBe('ok');
    expect(await presence.beat('700000003', 'dXVpZC03MDM=', now)).toBe('ok');
    presence.forget('700000003');
    expect(presence.beatKnown('700000003', 'dXVpZC03MDM=', now + 1)).toBe(false);
    await t.db.kysely.deleteFrom('devices').where('id', '=', '700000002').execute();
    await presence.writeDue();
    expect(presence.buffered).toBe(0);
    // No longer known: the next heartbeat asks the database, which says the client must upload sysinfo.
    expect(presence.beatKnown('700000002', 'dXVpZC03MDI=', now + 2)).toBe(false);
    expect(await presence.beat('700000002', 'dXVpZC03MDI=', now + 2)).toBe('unknown');
  });

  it('writes a batch of any size (100-row statements, then 64 + 8 + 1) and returns the ids that exist', async () => {
    const ids = Array.from({ length: 173 }, (_, i) => String(710_000_000 + i));
    const old = Date.now() - 600_000;
    const row = {
      uuid: 'u',
      hostname: '',
      os_username: '',
      os: '',
      cpu: '',
      memory: '',
      version: '',
      note: '',
    };
    const common = {
      ...row,
      user_id: null,
      sysinfo: '{}',
      sysinfo_hash: '',
      first_seen_at: old,
      sysinfo_at: old,
    };
    await t.db.kysely
      .insertInto('devices')
      .values(ids.map((id) => ({ ...common, id })))
      .execute();
    await t.db.kysely
      .insertInto('device_presence')
      .values(ids.map((id) => ({ device_id: id, last_seen_at: old })))
      .execute();
    const seen = new Map(ids.map((id, i) => [id, old + 1000 + i]));
    seen.set('719999999', old); // not registered
    const found = await writeLastSeen(t.db.kysely, seen);
    expect([...found].sort()).toEqual(ids);
    const rows = await t.db.kysely
      .selectFrom('device_presence')
      .selectAll()
      .where('device_id', 'in', ids)
      .execute();
    expect(rows.map((r) => Number(r.last_seen_at) - old).sort((a, b) => a - b)).toEqual(
      ids.map((_, i) => 1000 + i),
    );
  });
});
