import {
  CompiledQuery,
  type Insertable,
  type Kysely,
  type OrderByItemBuilder,
  type RawBuilder,
  sql,
} from 'kysely';
import { compiledQuery } from '../db/compiled-query.ts';
import type { Database, DeviceRow, DevicesTable } from '../db/schema.ts';
import { containsIgnoreCase } from '../db/search.ts';
import { notFound } from '../errors.ts';
import type { PageOf } from '../shared/common.ts';
import { type Device, type DeviceSortKey, ONLINE_WINDOW_MS } from '../shared/devices.ts';

/** What a sysinfo upload (spec §5.2) stores: the columns plus the rest as JSON. */
export interface SysinfoRecord {
  id: string;
  uuid: string;
  hostname: string;
  osUsername: string;
  os: string;
  cpu: string;
  memory: string;
  version: string;
  extra: Record<string, string>;
  hash: string;
}

// Every sysinfo upload and unknown heartbeat: compiled once (db/compiled-query.ts), as the upsert below and the
// other statements of a registration. Building and compiling them allocated ≈ 177 KB per registered device;
// compiled once, ≈ 123 KB, and 100,000 registrations run a third faster (issue 14, sixth pass).
const selectIdentity = compiledQuery((db, id: string) =>
  db.selectFrom('devices').select(['id', 'uuid', 'sysinfo_hash', 'pending']).where('id', '=', id),
);

export async function findDeviceIdentity(
  db: Kysely<Database>,
  id: string,
): Promise<Pick<DeviceRow, 'id' | 'uuid' | 'sysinfo_hash' | 'pending'> | undefined> {
  return (await selectIdentity(db, id)).rows[0];
}

/** The columns a sysinfo upload writes (spec §5.2). */
type SysinfoFields = Pick<
  DevicesTable,
  'hostname' | 'os_username' | 'os' | 'cpu' | 'memory' | 'version' | 'sysinfo' | 'sysinfo_hash' | 'sysinfo_at'
>;
/** What a new row has beside those: written on insert only, never by a refresh. */
type NewDevice = Required<Pick<Insertable<DevicesTable>, 'id' | 'uuid' | 'first_seen_at' | 'pending'>>;
const upsertDevice = compiledQuery((db, device: NewDevice, fields: SysinfoFields, uuid: string) =>
  db
    .insertInto('devices')
    .values({ ...device, ...fields, note: '', user_id: null })
    .onConflict((oc) => oc.column('id').doUpdateSet(fields).where('devices.uuid', '=', uuid)),
);
const upsertPresence = compiledQuery((db, id: string, now: number) =>
  db
    .insertInto('device_presence')
    .values({ device_id: id, last_seen_at: now })
    .onConflict((oc) => oc.column('device_id').doUpdateSet({ last_seen_at: now })),
);

/**
 * Registers a device or refreshes its sysinfo, with its last-seen time, in one transaction. Returns
 * false when the ID belongs to another machine (another uuid): nothing is written then.
 */
export async function upsertSysinfo(
  db: Kysely<Database>,
  s: SysinfoRecord,
  now: number,
  pending = false,
): Promise<boolean> {
  const fields: SysinfoFields = {
    hostname: s.hostname,
    os_username: s.osUsername,
    os: s.os,
    cpu: s.cpu,
    memory: s.memory,
    version: s.version,
    sysinfo: JSON.stringify(s.extra),
    sysinfo_hash: s.hash,
    sysinfo_at: now,
  };
  return db.transaction().execute(async (trx) => {
    const device = { id: s.id, uuid: s.uuid, first_seen_at: now, pending: pending ? 1 : 0 };
    const result = await upsertDevice(trx, device, fields, s.uuid);
    if (Number(result.numAffectedRows ?? 0) === 0) return false;
    await upsertPresence(trx, s.id, now);
    return true;
  });
}

/** Rows per statement: small enough that one statement never holds SQLite's (synchronous) thread for long. */
const FLUSH_CHUNK = 100;
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Rows in the next statement: FLUSH_CHUNK, then the remainder in powers of two (73 = 64 + 8 + 1). So the flush
 * uses at most eight statement texts, which SQLite's statement cache keeps prepared (db/create-db.ts); a
 * remainder of any size made up to 99 more, each prepared anew and pushing the console's out of the cache.
 */
function chunkSize(left: number): number {
  if (left >= FLUSH_CHUNK) return FLUSH_CHUNK;
  let size = 1;
  while (size * 2 <= left) size *= 2;
  return size;
}

/** The flush statement for `rows` rows, as Kysely writes it for a dialect (placeholders `?` or `$n`). */
const lastSeenUpdate = (rows: RawBuilder<unknown>[]) => sql<{ device_id: string }>`
  update device_presence
  set last_seen_at = case when device_presence.last_seen_at > v.column2 then device_presence.last_seen_at else v.column2 end
  from (values ${sql.join(rows)}) as v
  where device_presence.device_id = v.column1
  returning device_presence.device_id`;

/**
 * The flush statement's SQL text per database and row count, compiled by Kysely once: building and compiling 100
 * rows of Kysely nodes per statement, 100 statements a second for 10,000 devices, ran on the event loop each time.
 */
const lastSeenSql = new WeakMap<Kysely<Database>, Map<number, string>>();

function lastSeenStatement(db: Kysely<Database>, rows: number): string {
  let byRows = lastSeenSql.get(db);
  if (!byRows) {
    byRows = new Map();
    lastSeenSql.set(db, byRows);
  }
  let text = byRows.get(rows);
  if (text === undefined) {
    const placeholders = Array.from({ length: rows }, () => sql`(${''}, cast(${0} as bigint))`);
    text = lastSeenUpdate(placeholders).compile(db).sql;
    byRows.set(rows, text);
  }
  return text;
}

/**
 * Writes a batch of heartbeat times in one transaction of `UPDATE … FROM (VALUES …)` statements
 * (SQLite ≥ 3.33 and PostgreSQL both have it), letting queued requests run between statements. Never
 * moves a time backwards (another instance may have written a newer one). Returns the ids that still exist.
 */
export async function writeLastSeen(db: Kysely<Database>, seen: Map<string, number>): Promise<Set<string>> {
  const found = new Set<string>();
  // Sorted: instances flushing overlapping devices lock rows in the same order (no PostgreSQL deadlock). The
  // default sort (UTF-16 code units, the order of `<`) without a comparator call per step: it runs on the event
  // loop, 10,000 ids a second under the heartbeat bench.
  const ids = [...seen.keys()].sort();
  await db.transaction().execute(async (trx) => {
    for (let i = 0, size = 0; i < ids.length; i += size) {
      if (i > 0) await yieldToIo();
      size = chunkSize(ids.length - i);
      const chunk = ids.slice(i, i + size);
      const parameters: unknown[] = [];
      for (const id of chunk) parameters.push(id, seen.get(id));
      const result = await trx.executeQuery<{ device_id: string }>(
        CompiledQuery.raw(lastSeenStatement(db, chunk.length), parameters),
      );
      for (const row of result.rows) found.add(row.device_id);
    }
  });
  return found;
}

/** The one place a device row becomes an API object. */
function toApiDevice(
  row: DeviceRow & {
    last_seen_at: number;
    user_name: string | null;
    device_group_id: string | null;
    device_group_name: string | null;
  },
  now: number,
): Device {
  return {
    id: row.id,
    hostname: row.hostname,
    os: row.os,
    osUsername: row.os_username,
    cpu: row.cpu,
    memory: row.memory,
    version: row.version,
    userId: row.user_id,
    userName: row.user_name,
    note: row.note,
    deviceGroupId: row.device_group_id,
    deviceGroupName: row.device_group_name,
    disabled: row.disabled === 1,
    pending: row.pending === 1,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    online: row.last_seen_at >= now - ONLINE_WINDOW_MS,
  };
}

export interface DeviceListOptions {
  page: number;
  pageSize: number;
  search?: string | undefined;
  status?: 'online' | 'offline' | 'pending' | undefined;
  /** Only the devices assigned to this user (the user page lists them). */
  userId?: string | undefined;
  deviceGroupId?: string | undefined;
  sort?: DeviceSortKey | undefined;
  dir?: 'asc' | 'desc' | undefined;
  now: number;
}

// Case-insensitive text sorts; the two-step listing below orders both steps the same way. The user and device
// group are the names the list shows (user: the assigned one, else the one signed in on the device, as
// devicesWithUser finds it), read per row only when the list is sorted by them.
function sortExpression(key: DeviceSortKey, now: number) {
  switch (key) {
    case 'id':
      return sql<string>`devices.id`;
    case 'hostname':
      return sql<string>`lower(devices.hostname)`;
    case 'os':
      return sql<string>`lower(devices.os)`;
    case 'version':
      return sql<string>`devices.version`;
    case 'user':
      return sql<string | null>`coalesce(
        (select assigned.username_key from users assigned where assigned.id = devices.user_id),
        (select signed_in.username_key from client_tokens
          inner join users signed_in on signed_in.id = client_tokens.user_id
          where client_tokens.device_id = devices.id and client_tokens.device_uuid = devices.uuid
            and client_tokens.expires_at > ${now}
          order by client_tokens.last_used_at desc limit 1))`;
    case 'deviceGroup':
      return sql<string | null>`(select g.name_key from device_group_members m
        inner join device_groups g on g.id = m.device_group_id where m.device_id = devices.id)`;
    case 'lastSeen':
      return sql<number>`device_presence.last_seen_at`;
  }
}

/**
 * The direction, with devices that have no user or no device group last either way (as a spreadsheet puts
 * its blanks), and on both dialects: SQLite sorts NULL first, PostgreSQL last.
 */
const sortDirection = (dir: 'asc' | 'desc') => (ob: OrderByItemBuilder) =>
  (dir === 'asc' ? ob.asc() : ob.desc()).nullsLast();

/**
 * Devices with the user shown for each: the assigned user, else the one whose RustDesk client is
 * signed in on it (latest live token bound to the device's id and uuid — heartbeats carry no user,
 * spec §1.3).
 */
function devicesWithUser(db: Kysely<Database>, now: number) {
  return db
    .selectFrom('devices')
    .innerJoin('device_presence', 'device_presence.device_id', 'devices.id')
    .leftJoin('users as owner', 'owner.id', 'devices.user_id')
    .leftJoin('device_group_members', 'device_group_members.device_id', 'devices.id')
    .leftJoin('device_groups', 'device_groups.id', 'device_group_members.device_group_id')
    .selectAll('devices')
    .select(['device_presence.last_seen_at', 'device_groups.id as device_group_id'])
    .select('device_groups.name as device_group_name')
    .select((eb) =>
      eb.fn
        .coalesce(
          'owner.username',
          eb
            .selectFrom('client_tokens')
            .innerJoin('users', 'users.id', 'client_tokens.user_id')
            .select('users.username')
            .whereRef('client_tokens.device_id', '=', 'devices.id')
            .whereRef('client_tokens.device_uuid', '=', 'devices.uuid')
            .where('client_tokens.expires_at', '>', now)
            .orderBy('client_tokens.last_used_at', 'desc')
            .limit(1)
            .$asScalar(),
        )
        .as('user_name'),
    );
}

/** A page of devices, most recently seen first unless sorted; search matches id, host, OS, version, note, user and device group. */
export async function listDevices(db: Kysely<Database>, o: DeviceListOptions): Promise<PageOf<Device>> {
  const base = matchingDevices(db, o);
  const [{ total } = { total: 0 }] = await base
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .execute();
  const order = sortExpression(o.sort ?? 'lastSeen', o.now);
  const dir = sortDirection(o.dir ?? (o.sort ? 'asc' : 'desc'));
  const ids = await base
    .select('devices.id')
    .orderBy(order, dir)
    .orderBy('devices.id')
    .limit(o.pageSize)
    .offset((o.page - 1) * o.pageSize)
    .execute();
  const rows =
    ids.length === 0
      ? []
      : await devicesWithUser(db, o.now)
          .where(
            'devices.id',
            'in',
            ids.map((r) => r.id),
          )
          .orderBy(order, dir)
          .orderBy('devices.id')
          .execute();
  return {
    items: rows.map((r) => toApiDevice(r, o.now)),
    total: Number(total),
    page: o.page,
    pageSize: o.pageSize,
  };
}

/** The devices a console filter (status, user, search) matches: every page of the list, or a bulk action's set. */
export function matchingDevices(db: Kysely<Database>, o: Omit<DeviceListOptions, 'page' | 'pageSize'>) {
  const cutoff = o.now - ONLINE_WINDOW_MS;
  let base = db.selectFrom('devices').innerJoin('device_presence', 'device_presence.device_id', 'devices.id');
  if (o.status === 'online') base = base.where('device_presence.last_seen_at', '>=', cutoff);
  if (o.status === 'offline') base = base.where('device_presence.last_seen_at', '<', cutoff);
  if (o.status === 'pending') base = base.where('devices.pending', '=', 1);
  if (o.userId) base = base.where('devices.user_id', '=', o.userId);
  if (o.deviceGroupId) {
    const groupId = o.deviceGroupId;
    base = base.where('devices.id', 'in', (eb) =>
      eb
        .selectFrom('device_group_members')
        .select('device_group_members.device_id')
        .where('device_group_members.device_group_id', '=', groupId),
    );
  }
  const term = o.search?.trim();
  if (term) {
    // The user matches are uncorrelated IN subqueries: computed once, not once per device row.
    base = base.where((eb) =>
      eb.or([
        containsIgnoreCase(eb.ref('devices.id'), term),
        containsIgnoreCase(eb.ref('devices.hostname'), term),
        containsIgnoreCase(eb.ref('devices.os'), term),
        containsIgnoreCase(eb.ref('devices.os_username'), term),
        containsIgnoreCase(eb.ref('devices.version'), term),
        containsIgnoreCase(eb.ref('devices.note'), term),
        eb(
          'devices.user_id',
          'in',
          eb
            .selectFrom('users')
            .select('users.id')
            .where((inner) => containsIgnoreCase(inner.ref('users.username'), term)),
        ),
        eb(
          'devices.id',
          'in',
          eb
            .selectFrom('device_group_members as m')
            .innerJoin('device_groups as g', 'g.id', 'm.device_group_id')
            .select('m.device_id')
            .where((inner) => containsIgnoreCase(inner.ref('g.name'), term)),
        ),
        eb(
          'devices.id',
          'in',
          eb
            .selectFrom('client_tokens')
            .innerJoin('users', 'users.id', 'client_tokens.user_id')
            .select('client_tokens.device_id')
            .where('client_tokens.expires_at', '>', o.now)
            .where((inner) => containsIgnoreCase(inner.ref('users.username'), term)),
        ),
      ]),
    );
  }
  return base;
}

/** One device as the console shows it. */
export async function findApiDevice(db: Kysely<Database>, id: string, now: number): Promise<Device> {
  const row = await devicesWithUser(db, now).where('devices.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('The device');
  return toApiDevice(row, now);
}

export interface DevicePatch {
  note?: string | undefined;
  userId?: string | null | undefined;
  disabled?: boolean | undefined;
}

/** Note, assigned user and disabled flag; an unknown device or user is a 404. */
export async function updateDevice(db: Kysely<Database>, id: string, patch: DevicePatch): Promise<void> {
  const exists = await db.selectFrom('devices').select('id').where('id', '=', id).executeTakeFirst();
  if (!exists) throw notFound('The device');
  if (patch.userId) {
    const user = await db.selectFrom('users').select('id').where('id', '=', patch.userId).executeTakeFirst();
    if (!user) throw notFound('The user');
  }
  const set = {
    ...(patch.note !== undefined ? { note: patch.note } : {}),
    ...(patch.userId !== undefined ? { user_id: patch.userId } : {}),
    ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
  };
  if (Object.keys(set).length > 0) await db.updateTable('devices').set(set).where('id', '=', id).execute();
}

/** Deletes a device; a still-running client registers again with its next sysinfo upload. */
export async function deleteDevice(db: Kysely<Database>, id: string): Promise<DeviceRow> {
  const row = await db.deleteFrom('devices').where('id', '=', id).returningAll().executeTakeFirst();
  if (!row) throw notFound('The device');
  return row;
}
