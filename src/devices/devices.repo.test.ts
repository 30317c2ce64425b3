import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialects } from '../../test/harness.ts';
import { insertDeviceGroup, setDeviceGroup } from '../access/device-groups.repo.ts';
import { ensureDefaultGroup } from '../accounts/groups.repo.ts';
import { insertUser } from '../accounts/users.repo.ts';
import type { Db } from '../db/create-db.ts';
import { issueClientToken } from '../rustdesk/tokens.ts';
import type { DeviceSortKey } from '../shared/devices.ts';
import { listDevices, updateDevice, upsertSysinfo } from './devices.repo.ts';

const uuidOf = (id: string) => Buffer.from(`uuid-${id}`).toString('base64');

async function register(db: Db['kysely'], id: string) {
  const record = {
    id,
    uuid: uuidOf(id),
    hostname: `pc-${id}`,
    osUsername: '',
    os: 'linux',
    cpu: '',
    memory: '',
  };
  await upsertSysinfo(db, { ...record, version: '1.4.9', extra: {}, hash: id }, Date.now());
}

// Issue 11: the Devices list sorted by every column but User and Device group. Both sort by the name the
// list shows: the assigned user, else the one signed in on the device; devices with neither come last.
describe.each(dialects())('listing devices sorted by user and device group on %s', (dialect) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    const k = db.kysely;
    await ensureDefaultGroup(k);
    const userId = async (username: string) => (await insertUser(k, { username })).id;
    const signIn = async (username: string, id: string) =>
      issueClientToken(k, await userId(username), { id, uuid: uuidOf(id) });
    for (const id of ['100000001', '100000002', '100000003', '100000004']) await register(k, id);
    // 1: assigned to Carol (upper case: the sort ignores case); 2: nobody assigned, alice signed in on it;
    // 3: assigned to bob; 4: nobody, and aaron's sign-in there has expired.
    await updateDevice(k, '100000001', { userId: await userId('Carol') });
    await signIn('alice', '100000002');
    await updateDevice(k, '100000003', { userId: await userId('bob') });
    await signIn('aaron', '100000004');
    await k
      .updateTable('client_tokens')
      .set({ expires_at: Date.now() - 1 })
      .where('device_id', '=', '100000004')
      .execute();
    const alpha = await insertDeviceGroup(k, 'Alpha', '');
    const beta = await insertDeviceGroup(k, 'beta', '');
    await setDeviceGroup(k, '100000001', beta.id);
    await setDeviceGroup(k, '100000002', alpha.id);
  });
  afterAll(async () => db.close());

  const sorted = async (sort: DeviceSortKey, dir: 'asc' | 'desc', page = 1, pageSize = 10) => {
    const found = await listDevices(db.kysely, { page, pageSize, sort, dir, now: Date.now() });
    return found.items.map((d) => [d.id, sort === 'user' ? d.userName : d.deviceGroupName]);
  };

  it('sorts by the user shown, ignoring case, with the devices that show none last either way', async () => {
    expect(await sorted('user', 'asc')).toEqual([
      ['100000002', 'alice'],
      ['100000003', 'bob'],
      ['100000001', 'Carol'],
      ['100000004', null],
    ]);
    expect(await sorted('user', 'desc')).toEqual([
      ['100000001', 'Carol'],
      ['100000003', 'bob'],
      ['100000002', 'alice'],
      ['100000004', null],
    ]);
  });

  it('sorts by device group name, ignoring case, ungrouped devices last (by id), across pages', async () => {
    expect(await sorted('deviceGroup', 'asc')).toEqual([
      ['100000002', 'Alpha'],
      ['100000001', 'beta'],
      ['100000003', null],
      ['100000004', null],
    ]);
    expect(await sorted('deviceGroup', 'desc')).toEqual([
      ['100000001', 'beta'],
      ['100000002', 'Alpha'],
      ['100000003', null],
      ['100000004', null],
    ]);
    // The page is cut from the sorted list, not sorted after the cut.
    expect(await sorted('deviceGroup', 'desc', 2, 2)).toEqual([
      ['100000003', null],
      ['100000004', null],
    ]);
  });
});

// The compiled upsert (issue 14, sixth pass) tells "written" from "this ID belongs to another uuid" by the rows
// it touched: a race the route's own uuid check cannot see (two machines registering one ID at once).
describe.each(dialects())('upsertSysinfo on %s', (dialect) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => db.close());
  const sysinfo = (uuid: string, hostname: string) => ({
    id: '200000001',
    uuid,
    hostname,
    osUsername: 'kim',
    os: 'linux',
    cpu: 'x',
    memory: '8GB',
    version: '1.4.9',
    extra: { 'preset-note': 'lab' },
    hash: hostname,
  });
  const row = () =>
    db.kysely
      .selectFrom('devices')
      .select(['uuid', 'hostname', 'sysinfo', 'first_seen_at', 'sysinfo_at', 'pending'])
      .where('id', '=', '200000001')
      .executeTakeFirstOrThrow();

  it('inserts, then refreshes for the same uuid, and refuses another uuid without writing', async () => {
    expect(await upsertSysinfo(db.kysely, sysinfo('uuid-a', 'first'), 1000, true)).toBe(true);
    expect(await row()).toEqual({
      uuid: 'uuid-a',
      hostname: 'first',
      sysinfo: '{"preset-note":"lab"}',
      first_seen_at: 1000,
      sysinfo_at: 1000,
      pending: 1,
    });
    expect(await upsertSysinfo(db.kysely, sysinfo('uuid-a', 'renamed'), 2000)).toBe(true);
    // A refresh keeps when the device was first seen and whether it is held for approval.
    expect(await row()).toMatchObject({
      hostname: 'renamed',
      first_seen_at: 1000,
      sysinfo_at: 2000,
      pending: 1,
    });
    expect(await upsertSysinfo(db.kysely, sysinfo('uuid-b', 'intruder'), 3000)).toBe(false);
    expect(await row()).toMatchObject({ uuid: 'uuid-a', hostname: 'renamed', sysinfo_at: 2000 });
    const presence = await db.kysely
      .selectFrom('device_presence')
      .select('last_seen_at')
      .where('device_id', '=', '200000001')
      .executeTakeFirstOrThrow();
    expect(presence.last_seen_at).toBe(2000);
  });
});
