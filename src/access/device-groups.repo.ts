import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, DeviceGroupRow } from '../db/schema.ts';
import { conflict, notFound } from '../errors.ts';
import type { DeviceGroup } from '../shared/access.ts';

async function findByName(db: Kysely<Database>, name: string) {
  return db
    .selectFrom('device_groups')
    .selectAll()
    .where('name_key', '=', name.trim().toLowerCase())
    .executeTakeFirst();
}

export async function requireDeviceGroup(db: Kysely<Database>, id: string): Promise<DeviceGroupRow> {
  const row = await db.selectFrom('device_groups').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('The device group');
  return row;
}

/** Every device group with its device count and grantees, by name: the one place rows become API objects. */
export async function listDeviceGroups(db: Kysely<Database>): Promise<DeviceGroup[]> {
  const rows = await db
    .selectFrom('device_groups')
    .selectAll()
    .select((eb) =>
      eb
        .selectFrom('device_group_members as m')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('m.device_group_id', '=', 'device_groups.id')
        .as('device_count'),
    )
    .orderBy('name_key')
    .execute();
  const grants = await db.selectFrom('device_group_grants').selectAll().execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    note: r.note,
    deviceCount: Number(r.device_count ?? 0),
    userIds: grants.flatMap((g) => (g.device_group_id === r.id && g.user_id ? [g.user_id] : [])),
    groupIds: grants.flatMap((g) => (g.device_group_id === r.id && g.group_id ? [g.group_id] : [])),
    createdAt: r.created_at,
  }));
}

export async function findApiDeviceGroup(db: Kysely<Database>, id: string): Promise<DeviceGroup> {
  const found = (await listDeviceGroups(db)).find((g) => g.id === id);
  if (!found) throw notFound('The device group');
  return found;
}

export async function insertDeviceGroup(db: Kysely<Database>, name: string, note: string) {
  const clean = name.trim();
  if (await findByName(db, clean))
    throw conflict(`A device group named "${clean}" already exists; choose another name.`);
  const row = { id: randomUUID(), name: clean, name_key: clean.toLowerCase(), note, created_at: Date.now() };
  await db.insertInto('device_groups').values(row).execute();
  return row;
}

export async function updateDeviceGroup(
  db: Kysely<Database>,
  id: string,
  patch: { name?: string | undefined; note?: string | undefined },
): Promise<DeviceGroupRow> {
  const row = await requireDeviceGroup(db, id);
  const name = patch.name?.trim();
  if (name !== undefined && name.toLowerCase() !== row.name_key && (await findByName(db, name)))
    throw conflict(`A device group named "${name}" already exists; choose another name.`);
  const next = {
    ...(name !== undefined ? { name, name_key: name.toLowerCase() } : {}),
    ...(patch.note !== undefined ? { note: patch.note } : {}),
  };
  if (Object.keys(next).length > 0)
    await db.updateTable('device_groups').set(next).where('id', '=', id).execute();
  return { ...row, ...next };
}

/** Its devices leave the group (they stay registered); its grants go with it (cascade). */
export async function deleteDeviceGroup(db: Kysely<Database>, id: string): Promise<DeviceGroupRow> {
  const row = await requireDeviceGroup(db, id);
  await db.deleteFrom('device_groups').where('id', '=', id).execute();
  return row;
}

/**
 * Locks a row for the rest of the transaction with a no-op update (portable: SQLite has no
 * SELECT … FOR UPDATE), so two admins replacing the same set run one after the other instead of
 * colliding on the unique indexes. A missing row is a 404.
 */
async function lockRow(db: Kysely<Database>, table: 'device_groups' | 'groups', id: string, what: string) {
  const res = await db
    .updateTable(table)
    .set((eb) => ({ note: eb.ref('note') }))
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound(what);
}

async function requireAll(db: Kysely<Database>, table: 'users' | 'groups', ids: string[], what: string) {
  if (ids.length === 0) return;
  const found = await db.selectFrom(table).select('id').where('id', 'in', ids).execute();
  if (found.length !== ids.length) throw notFound(what);
}

/** Replaces who a device group is granted to. Call inside a transaction. */
export async function replaceGrants(
  db: Kysely<Database>,
  id: string,
  userIds: string[],
  groupIds: string[],
): Promise<void> {
  await lockRow(db, 'device_groups', id, 'The device group');
  await requireAll(db, 'users', userIds, 'A user');
  await requireAll(db, 'groups', groupIds, 'A user group');
  await db.deleteFrom('device_group_grants').where('device_group_id', '=', id).execute();
  const rows = [
    ...userIds.map((u) => ({ id: randomUUID(), device_group_id: id, user_id: u, group_id: null })),
    ...groupIds.map((g) => ({ id: randomUUID(), device_group_id: id, user_id: null, group_id: g })),
  ];
  if (rows.length > 0) await db.insertInto('device_group_grants').values(rows).execute();
}

/** Puts a device in a device group (moving it out of any other), or out of every group with null. */
export async function setDeviceGroup(db: Kysely<Database>, deviceId: string, groupId: string | null) {
  if (!groupId) {
    await db.deleteFrom('device_group_members').where('device_id', '=', deviceId).execute();
    return;
  }
  await requireDeviceGroup(db, groupId);
  // An upsert: two admins moving one device at once both succeed, the last one wins.
  await db
    .insertInto('device_group_members')
    .values({ device_id: deviceId, device_group_id: groupId })
    .onConflict((oc) => oc.column('device_id').doUpdateSet({ device_group_id: groupId }))
    .execute();
}

/** The user groups whose devices the members of `groupId` may access. */
export async function listGroupAccess(db: Kysely<Database>, groupId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('group_device_access')
    .select('target_group_id')
    .where('group_id', '=', groupId)
    .execute();
  return rows.map((r) => r.target_group_id);
}

/**
 * Replaces the user groups whose devices the members of `groupId` may access; returns the group's
 * name. Call inside a transaction.
 */
export async function replaceGroupAccess(db: Kysely<Database>, groupId: string, targets: string[]) {
  await lockRow(db, 'groups', groupId, 'The user group');
  await requireAll(db, 'groups', targets, 'The user group');
  await db.deleteFrom('group_device_access').where('group_id', '=', groupId).execute();
  if (targets.length > 0)
    await db
      .insertInto('group_device_access')
      .values(targets.map((t) => ({ group_id: groupId, target_group_id: t })))
      .execute();
  const group = await db
    .selectFrom('groups')
    .select('name')
    .where('id', '=', groupId)
    .executeTakeFirstOrThrow();
  return group.name;
}
