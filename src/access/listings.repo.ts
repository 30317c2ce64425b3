import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { toClientUser } from '../rustdesk/user-object.ts';
import { accessibleDeviceGroups, accessibleDevices, accessibleUsers, type Viewer } from './access.ts';

/** `current` (1-based) and `pageSize` as the client sends them (spec §6.2, §7). */
export interface ClientPage {
  current: number;
  pageSize: number;
}
const offsetOf = (p: ClientPage) => (p.current - 1) * p.pageSize;

/** §7.1: `{"name": …}` of each visible device group, by name. */
export async function listClientDeviceGroups(db: Kysely<Database>, viewer: Viewer, page: ClientPage) {
  const base = accessibleDeviceGroups(db, viewer);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .select('device_groups.name')
    .orderBy('device_groups.name_key')
    .orderBy('device_groups.id')
    .limit(page.pageSize)
    .offset(offsetOf(page))
    .execute();
  return { total: Number(total), data: rows.map((r) => ({ name: r.name })) };
}

/** §7.2: visible users as the client's user object; `enabledOnly` is the client's `status=1`. */
export async function listClientUsers(
  db: Kysely<Database>,
  viewer: Viewer,
  page: ClientPage,
  enabledOnly: boolean,
) {
  let base = accessibleUsers(db, viewer);
  if (enabledOnly) base = base.where('users.status', '=', 1);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll('users')
    .orderBy('users.username_key')
    .limit(page.pageSize)
    .offset(offsetOf(page))
    .execute();
  return { total: Number(total), data: rows.map(toClientUser) };
}

/**
 * §7.3: visible devices as the client's PeerPayload. A device's group name is sent only when the
 * viewer may see that device group (else ""), so the listing never names an ungranted group.
 */
export async function listClientPeers(db: Kysely<Database>, viewer: Viewer, page: ClientPage) {
  const base = accessibleDevices(db, viewer);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin('users as owner', 'owner.id', 'devices.user_id')
    .leftJoin('device_group_members as m', 'm.device_id', 'devices.id')
    .select([
      'devices.id',
      'devices.user_id',
      'devices.note',
      'devices.hostname',
      'devices.os',
      'devices.os_username',
      'owner.username as owner_name',
      'm.device_group_id',
    ])
    .orderBy('devices.id')
    .limit(page.pageSize)
    .offset(offsetOf(page))
    .execute();
  const groupIds = [...new Set(rows.flatMap((r) => (r.device_group_id ? [r.device_group_id] : [])))];
  const visible =
    groupIds.length === 0
      ? []
      : await accessibleDeviceGroups(db, viewer)
          .select(['device_groups.id', 'device_groups.name'])
          .where('device_groups.id', 'in', groupIds)
          .execute();
  const names = new Map(visible.map((g) => [g.id, g.name]));
  return {
    total: Number(total),
    data: rows.map((r) => ({
      id: r.id,
      // The listing holds enabled devices only: 1 is the client's "enabled" (it asks for status=1).
      status: 1,
      user: r.user_id ?? '',
      user_name: r.owner_name ?? '',
      device_group_name: (r.device_group_id && names.get(r.device_group_id)) || '',
      note: r.note,
      info: { username: r.os_username, os: r.os, device_name: r.hostname },
    })),
  };
}
