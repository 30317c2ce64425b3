import type { Kysely } from 'kysely';
import { setDeviceGroup } from '../access/index.ts';
import { findUserByUsername } from '../accounts/users.repo.ts';
import { lockBook } from '../address-books/books.repo.ts';
import { upsertPeer } from '../address-books/peers.repo.ts';
import type { Database } from '../db/schema.ts';
import { refreshDeviceStrategies } from '../strategies/effective.ts';
import { assignStrategyToDeviceByName } from '../strategies/index.ts';

/**
 * What `rustdesk --assign` (RD: src/core_main.rs) and the first sysinfo's `preset-*` keys
 * (RD: src/hbbs_http/sync.rs) ask for, by name. Absent fields are left alone.
 */
export interface Assignment {
  userName?: string | undefined;
  strategyName?: string | undefined;
  addressBookName?: string | undefined;
  addressBookTag?: string | undefined;
  addressBookAlias?: string | undefined;
  addressBookPassword?: string | undefined;
  addressBookNote?: string | undefined;
  deviceGroupName?: string | undefined;
  note?: string | undefined;
  deviceUsername?: string | undefined;
  deviceName?: string | undefined;
}

/** What was applied, and the names that matched nothing (each a sentence a person can act on). */
export interface AssignmentOutcome {
  applied: Record<string, string>;
  missing: string[];
}

async function findSharedBookByName(db: Kysely<Database>, name: string) {
  const key = name.trim().toLowerCase();
  const rows = await db
    .selectFrom('address_books')
    .select(['id', 'name'])
    .where('personal_of', 'is', null)
    .execute();
  return rows.find((r) => r.name.trim().toLowerCase() === key);
}

async function assignAddressBook(
  db: Kysely<Database>,
  key: Buffer | null,
  deviceId: string,
  a: Assignment,
  out: AssignmentOutcome,
): Promise<void> {
  if (!a.addressBookName) return;
  const book = await findSharedBookByName(db, a.addressBookName);
  if (!book) {
    out.missing.push(`No shared address book is named "${a.addressBookName}".`);
    return;
  }
  let tags: string[] | undefined;
  if (a.addressBookTag) {
    const tag = await db
      .selectFrom('address_book_tags')
      .select('name')
      .where('book_id', '=', book.id)
      .where('name', '=', a.addressBookTag)
      .executeTakeFirst();
    if (tag) tags = [tag.name];
    else out.missing.push(`The address book "${book.name}" has no tag "${a.addressBookTag}".`);
  }
  const device = await db
    .selectFrom('devices')
    .select(['hostname', 'os_username', 'os'])
    .where('id', '=', deviceId)
    .executeTakeFirst();
  await lockBook(db, book.id);
  // Without the instance key (a stored preset, which never keeps the password) no password is set.
  await upsertPeer(db, key ?? Buffer.alloc(0), book.id, deviceId, {
    hostname: device?.hostname,
    username: device?.os_username,
    alias: a.addressBookAlias,
    note: a.addressBookNote,
    password: key ? a.addressBookPassword : undefined,
    tags,
  });
  out.applied.addressBook = book.name;
  if (tags) out.applied.addressBookTag = a.addressBookTag ?? '';
}

/**
 * Applies an assignment to a registered device, each part only if it names something that exists;
 * run inside a transaction. The outcome never holds the address-book password. With `refresh: false` the
 * caller recomputes the device's strategy once, after everything it changes (a first registration).
 */
export async function applyAssignment(
  db: Kysely<Database>,
  key: Buffer | null,
  deviceId: string,
  a: Assignment,
  refresh = true,
): Promise<AssignmentOutcome> {
  const out: AssignmentOutcome = { applied: {}, missing: [] };
  const set: { user_id?: string; note?: string; os_username?: string; hostname?: string } = {};
  if (a.userName) {
    const user = await findUserByUsername(db, a.userName);
    if (user) {
      set.user_id = user.id;
      out.applied.user = user.username;
    } else out.missing.push(`No user is named "${a.userName}".`);
  }
  if (a.deviceGroupName) {
    const group = await db
      .selectFrom('device_groups')
      .select(['id', 'name'])
      .where('name_key', '=', a.deviceGroupName.trim().toLowerCase())
      .executeTakeFirst();
    if (group) {
      await setDeviceGroup(db, deviceId, group.id);
      out.applied.deviceGroup = group.name;
    } else out.missing.push(`No device group is named "${a.deviceGroupName}".`);
  }
  if (a.strategyName) {
    if (await assignStrategyToDeviceByName(db, deviceId, a.strategyName, refresh))
      out.applied.strategy = a.strategyName;
    else out.missing.push(`No strategy is named "${a.strategyName}".`);
  }
  if (a.note !== undefined) set.note = out.applied.note = a.note;
  if (a.deviceUsername !== undefined) set.os_username = out.applied.deviceUsername = a.deviceUsername;
  if (a.deviceName !== undefined) set.hostname = out.applied.deviceName = a.deviceName;
  if (Object.keys(set).length > 0)
    await db.updateTable('devices').set(set).where('id', '=', deviceId).execute();
  await assignAddressBook(db, key, deviceId, a, out);
  // A new user or device group can change which strategy applies (device > user > device group).
  if (refresh && (out.applied.user || out.applied.deviceGroup)) await refreshDeviceStrategies(db, [deviceId]);
  return out;
}
