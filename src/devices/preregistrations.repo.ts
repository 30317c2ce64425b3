import type { Kysely } from 'kysely';
import { requireDeviceGroup } from '../access/device-groups.repo.ts';
import type { Database } from '../db/schema.ts';
import { conflict, notFound } from '../errors.ts';
import type { Preregistration, PreregistrationCreate } from '../shared/device-approval.ts';

export async function listPreregistrations(db: Kysely<Database>): Promise<Preregistration[]> {
  const rows = await db
    .selectFrom('device_preregistrations as p')
    .leftJoin('users', 'users.id', 'p.user_id')
    .leftJoin('device_groups as g', 'g.id', 'p.device_group_id')
    .selectAll('p')
    .select(['users.username as user_name', 'g.name as group_name'])
    .orderBy('p.device_id')
    .execute();
  return rows.map((r) => ({
    deviceId: r.device_id,
    userId: r.user_id,
    userName: r.user_name,
    deviceGroupId: r.device_group_id,
    deviceGroupName: r.group_name,
    strategyName: r.strategy_name,
    note: r.note,
    createdAt: r.created_at,
  }));
}

/** Pre-registers an ID that has not connected yet (a registered one is edited on the Devices page). */
export async function insertPreregistration(
  db: Kysely<Database>,
  input: PreregistrationCreate,
  now: number,
): Promise<void> {
  const registered = await db
    .selectFrom('devices')
    .select('id')
    .where('id', '=', input.deviceId)
    .executeTakeFirst();
  if (registered)
    throw conflict(`Device ${input.deviceId} is already registered; edit it on the Devices page.`);
  if (input.userId) {
    const user = await db.selectFrom('users').select('id').where('id', '=', input.userId).executeTakeFirst();
    if (!user) throw notFound('The user');
  }
  if (input.deviceGroupId) await requireDeviceGroup(db, input.deviceGroupId);
  const values = {
    user_id: input.userId ?? null,
    device_group_id: input.deviceGroupId ?? null,
    strategy_name: input.strategyName?.trim() ?? '',
    note: input.note ?? '',
  };
  await db
    .insertInto('device_preregistrations')
    .values({ device_id: input.deviceId, created_at: now, ...values })
    .onConflict((oc) => oc.column('device_id').doUpdateSet(values))
    .execute();
}

export async function deletePreregistration(db: Kysely<Database>, deviceId: string): Promise<void> {
  const res = await db
    .deleteFrom('device_preregistrations')
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('The pre-registered device');
}
