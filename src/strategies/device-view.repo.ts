import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import type { DeviceStrategy } from '../shared/strategies.ts';
import { deviceUsers } from './effective.ts';

/** Which strategy applies to a device and why, what is assigned at each level, and whether it was applied. */
export async function describeDeviceStrategy(
  db: Kysely<Database>,
  deviceId: string,
): Promise<DeviceStrategy> {
  const [device] = await deviceUsers(db, [deviceId]);
  if (!device) throw notFound('The device');
  const group = device.device_group_id
    ? await db
        .selectFrom('device_groups')
        .select('name')
        .where('id', '=', device.device_group_id)
        .executeTakeFirst()
    : undefined;
  const user = device.user_id
    ? await db.selectFrom('users').select('username').where('id', '=', device.user_id).executeTakeFirst()
    : undefined;
  const assignments = await db
    .selectFrom('strategy_assignments as a')
    .innerJoin('strategies as s', 's.id', 'a.strategy_id')
    .select(['a.target_type', 'a.target_id', 's.name'])
    .where((eb) =>
      eb.or([
        eb.and([eb('a.target_type', '=', 'device'), eb('a.target_id', '=', deviceId)]),
        eb.and([eb('a.target_type', '=', 'user'), eb('a.target_id', '=', device.user_id ?? '')]),
        eb.and([
          eb('a.target_type', '=', 'device-group'),
          eb('a.target_id', '=', device.device_group_id ?? ''),
        ]),
      ]),
    )
    .execute();
  const assigned = (type: string) => assignments.find((a) => a.target_type === type)?.name ?? null;
  const state = await db
    .selectFrom('device_strategy_state as d')
    .leftJoin('strategies as s', 's.id', 'd.strategy_id')
    .select(['d.strategy_id', 's.name', 'd.source', 'd.modified_at', 'd.applied_at'])
    .where('d.device_id', '=', deviceId)
    .executeTakeFirst();
  const source = state?.strategy_id ? (state.source as DeviceStrategy['source']) : 'none';
  return {
    strategyId: state?.strategy_id ?? null,
    strategyName: state?.name ?? null,
    source,
    sourceName:
      source === 'user' ? (user?.username ?? null) : source === 'device-group' ? (group?.name ?? null) : null,
    modifiedAt: state ? Number(state.modified_at) : null,
    appliedAt: state?.applied_at != null ? Number(state.applied_at) : null,
    assigned: { device: assigned('device'), user: assigned('user'), deviceGroup: assigned('device-group') },
  };
}
