import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import type { DeviceStrategy } from '../shared/strategies.ts';

/** Which strategy applies to a device and why, what is assigned at each level, and whether it was applied. */
export async function describeDeviceStrategy(
  db: Kysely<Database>,
  deviceId: string,
): Promise<DeviceStrategy> {
  const device = await db
    .selectFrom('devices')
    .leftJoin('device_group_members as m', 'm.device_id', 'devices.id')
    .leftJoin('device_groups as g', 'g.id', 'm.device_group_id')
    .select((eb) => [
      'devices.id',
      'm.device_group_id',
      'g.name as group_name',
      eb.fn
        .coalesce(
          'devices.user_id',
          eb
            .selectFrom('client_tokens as t')
            .select('t.user_id')
            .whereRef('t.device_id', '=', 'devices.id')
            .orderBy('t.created_at', 'desc')
            .limit(1),
        )
        .as('user_id'),
    ])
    .where('devices.id', '=', deviceId)
    .executeTakeFirst();
  if (!device) throw notFound('The device');
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
      source === 'user' ? (user?.username ?? null) : source === 'device-group' ? device.group_name : null,
    modifiedAt: state ? Number(state.modified_at) : null,
    appliedAt: state?.applied_at != null ? Number(state.applied_at) : null,
    assigned: { device: assigned('device'), user: assigned('user'), deviceGroup: assigned('device-group') },
  };
}
