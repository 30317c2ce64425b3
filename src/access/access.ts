import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema.ts';

/** Who is asking: enough of a user row to apply the access rules. */
export type Viewer = Pick<UserRow, 'id' | 'group_id' | 'is_admin'>;

/**
 * THE access rule: the devices a user may see and connect to, as a query on `devices` the caller
 * selects from (client listings, console views). Disabled and pending devices are never accessible. An admin
 * sees every other device (approved ones); anyone else sees the devices
 *   1. assigned to them,
 *   2. assigned to a member of a user group their own group was given access to (group_device_access),
 *   3. in a device group granted to them or to their user group (device_group_grants).
 */
export function accessibleDevices(db: Kysely<Database>, viewer: Viewer) {
  // A pending device (issue 10: waiting for approval) is hidden like a disabled one.
  const enabled = db.selectFrom('devices').where('devices.disabled', '=', 0).where('devices.pending', '=', 0);
  if (viewer.is_admin === 1) return enabled;
  return enabled.where((eb) =>
    eb.or([
      eb('devices.user_id', '=', viewer.id),
      eb(
        'devices.user_id',
        'in',
        eb
          .selectFrom('users')
          .innerJoin('group_device_access as gda', 'gda.target_group_id', 'users.group_id')
          .select('users.id')
          .where('gda.group_id', '=', viewer.group_id),
      ),
      eb(
        'devices.id',
        'in',
        eb
          .selectFrom('device_group_members as m')
          .innerJoin('device_group_grants as g', 'g.device_group_id', 'm.device_group_id')
          .select('m.device_id')
          .where((w) => w.or([w('g.user_id', '=', viewer.id), w('g.group_id', '=', viewer.group_id)])),
      ),
    ]),
  );
}

/** The device groups a user may see: every one for an admin, else those granted to them or their group. */
export function accessibleDeviceGroups(db: Kysely<Database>, viewer: Viewer) {
  const all = db.selectFrom('device_groups');
  if (viewer.is_admin === 1) return all;
  return all.where(
    'device_groups.id',
    'in',
    db
      .selectFrom('device_group_grants as g')
      .select('g.device_group_id')
      .where((w) => w.or([w('g.user_id', '=', viewer.id), w('g.group_id', '=', viewer.group_id)])),
  );
}

/**
 * The users a user may see: every one for an admin; else themselves, the members of the user groups
 * whose devices they may access, and the owners of the devices they may access (so each listed
 * peer's owner is listed too, and no one else).
 */
export function accessibleUsers(db: Kysely<Database>, viewer: Viewer) {
  const all = db.selectFrom('users');
  if (viewer.is_admin === 1) return all;
  return all.where((eb) =>
    eb.or([
      eb('users.id', '=', viewer.id),
      eb(
        'users.group_id',
        'in',
        eb
          .selectFrom('group_device_access as gda')
          .select('gda.target_group_id')
          .where('gda.group_id', '=', viewer.group_id),
      ),
      eb(
        'users.id',
        'in',
        accessibleDevices(db, viewer)
          .select('devices.user_id')
          .where('devices.user_id', 'is not', null)
          .$narrowType<{ user_id: string }>(),
      ),
    ]),
  );
}
