import type { Kysely } from 'kysely';
import type { Actor } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import { type Assignment, applyAssignment } from '../automation/assign.ts';
import { compiledQuery } from '../db/compiled-query.ts';
import type { Database } from '../db/schema.ts';
import { openSecret, sealSecret } from '../security/secret-box.ts';
import type { DeviceApprovalSettings, PendingFilter } from '../shared/device-approval.ts';
import { refreshDeviceStrategies } from '../strategies/effective.ts';
import { assignStrategyToDeviceByName } from '../strategies/index.ts';
import { matchingDevices } from './devices.repo.ts';

const REQUIRE_KEY = 'devices.requireApproval';
const ON_SIGN_IN_KEY = 'devices.approveOnSignIn';

// Read at every registration (holdsForApproval), as the pre-registration lookup: compiled once (issue 14).
const selectApprovalSettings = compiledQuery((db) =>
  db.selectFrom('settings').select(['key', 'value']).where('key', 'in', [REQUIRE_KEY, ON_SIGN_IN_KEY]),
);
const selectPreregistration = compiledQuery((db, deviceId: string) =>
  db.selectFrom('device_preregistrations').select('device_id').where('device_id', '=', deviceId),
);
const isPreregistered = async (db: Kysely<Database>, deviceId: string) =>
  (await selectPreregistration(db, deviceId)).rows.length > 0;

export async function getApprovalSettings(db: Kysely<Database>): Promise<DeviceApprovalSettings> {
  const { rows } = await selectApprovalSettings(db);
  const on = (k: string) => rows.some((r) => r.key === k && r.value === '1');
  return { requireApproval: on(REQUIRE_KEY), approveOnSignIn: on(ON_SIGN_IN_KEY) };
}

export async function setApprovalSettings(db: Kysely<Database>, s: DeviceApprovalSettings): Promise<void> {
  for (const [key, on] of [
    [REQUIRE_KEY, s.requireApproval],
    [ON_SIGN_IN_KEY, s.approveOnSignIn],
  ] as const) {
    const value = on ? '1' : '0';
    await db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }
}

/**
 * The assignment the client's `preset-*` sysinfo keys ask for (spec §5.2; key names from RD:
 * src/hbbs_http/sync.rs). `preset-device-username` / `preset-device-name` never arrive as keys: the
 * client already put them in `username` / `hostname`.
 */
export function presetsOf(keys: Record<string, unknown>): Assignment {
  const text = (k: string) =>
    typeof keys[k] === 'string' && keys[k] !== '' ? (keys[k] as string) : undefined;
  return {
    userName: text('preset-user-name'),
    strategyName: text('preset-strategy-name'),
    deviceGroupName: text('preset-device-group-name'),
    note: text('preset-note'),
    addressBookName: text('preset-address-book-name'),
    addressBookTag: text('preset-address-book-tag'),
    addressBookAlias: text('preset-address-book-alias'),
    addressBookPassword: text('preset-address-book-password'),
    addressBookNote: text('preset-address-book-note'),
  };
}

/** A new device is held for approval when the setting is on and an administrator did not pre-register it. */
export async function holdsForApproval(db: Kysely<Database>, deviceId: string): Promise<boolean> {
  if (!(await getApprovalSettings(db)).requireApproval) return false;
  return !(await isPreregistered(db, deviceId));
}

/** Applies (and removes) the pre-registration of a device ID; what it set, for the audit trail. */
async function applyPreregistration(db: Kysely<Database>, deviceId: string): Promise<Record<string, string>> {
  const pre = await db
    .deleteFrom('device_preregistrations')
    .where('device_id', '=', deviceId)
    .returningAll()
    .executeTakeFirst();
  if (!pre) return {};
  const applied: Record<string, string> = {};
  const set = { ...(pre.user_id ? { user_id: pre.user_id } : {}), ...(pre.note ? { note: pre.note } : {}) };
  if (Object.keys(set).length > 0)
    await db.updateTable('devices').set(set).where('id', '=', deviceId).execute();
  if (pre.user_id) applied.userId = pre.user_id;
  if (pre.note) applied.note = pre.note;
  if (pre.device_group_id) {
    await db
      .insertInto('device_group_members')
      .values({ device_id: deviceId, device_group_id: pre.device_group_id })
      .onConflict((oc) =>
        oc.column('device_id').doUpdateSet({ device_group_id: pre.device_group_id as string }),
      )
      .execute();
    applied.deviceGroupId = pre.device_group_id;
  }
  // The caller recomputes the device's strategy once, after presets and pre-registration.
  if (pre.strategy_name && (await assignStrategyToDeviceByName(db, deviceId, pre.strategy_name, false)))
    applied.strategy = pre.strategy_name;
  return applied;
}

/**
 * Runs once when a device first registers (its first sysinfo): a held device is only recorded as
 * pending (its presets wait for the approval); otherwise its presets apply, each only if it names
 * something that exists, then its pre-registration (which wins). Both are in the audit trail. The
 * caller computes the device's strategy once afterwards (devices/sysinfo.ts), not each step.
 */
export async function onDeviceRegistered(
  db: Kysely<Database>,
  key: Buffer,
  deviceId: string,
  keys: Record<string, unknown>,
  pending: boolean,
  ip: string,
): Promise<void> {
  const actor: Actor = { id: null, name: `device:${deviceId}`, ip };
  if (pending) {
    await recordAudit(db, actor, 'device.pending', deviceId);
    return;
  }
  const asked = presetsOf(keys);
  const preregistered = await isPreregistered(db, deviceId);
  // Most devices carry no presets and were not pre-registered: no transaction for them.
  if (!preregistered && Object.values(asked).every((v) => v === undefined)) return;
  await db.transaction().execute(async (trx) => {
    const presets = await applyAssignment(trx, key, deviceId, asked, false);
    const applied = await applyPreregistration(trx, deviceId);
    if (Object.keys(presets.applied).length + presets.missing.length > 0)
      await recordAudit(trx, actor, 'device.preset', deviceId, { ...presets });
    if (Object.keys(applied).length > 0)
      await recordAudit(trx, actor, 'device.preregistration.apply', deviceId, applied);
  });
}

// Issue 13 §4: a held device's address-book password preset waits for the approval sealed in its stored
// sysinfo, under a key no client can send (the stored keys a client sends all start with `preset-`).
const HELD_PASSWORD = 'held-address-book-password';
const heldPasswordContext = (deviceId: string) => `device:${deviceId}:held_address_book_password`;

/** Keeps a held device's address-book password preset, sealed, in the sysinfo keys about to be stored. */
export function holdPresetPassword(
  key: Buffer,
  deviceId: string,
  body: Record<string, unknown>,
  stored: Record<string, string>,
): void {
  const password = presetsOf(body).addressBookPassword;
  if (password) stored[HELD_PASSWORD] = sealSecret(key, password, heldPasswordContext(deviceId));
}

/** The held password preset of a device, or undefined (none, or no key to open it with). */
function openHeldPassword(key: Buffer | null, deviceId: string, sealed: string | undefined) {
  if (!key || typeof sealed !== 'string') return undefined;
  try {
    return openSecret(key, sealed, heldPasswordContext(deviceId));
  } catch {
    return undefined;
  }
}

/** Approves one pending device (run in a transaction); false when it was not pending. */
async function approveDevice(
  db: Kysely<Database>,
  key: Buffer | null,
  id: string,
  actor: Actor,
): Promise<boolean> {
  const row = await db
    .updateTable('devices')
    .set({ pending: 0 })
    .where('id', '=', id)
    .where('pending', '=', 1)
    .returning(['id', 'sysinfo'])
    .executeTakeFirst();
  if (!row) return false;
  const { [HELD_PASSWORD]: held, ...stored } = JSON.parse(row.sysinfo) as Record<string, string>;
  const password = openHeldPassword(key, id, held);
  const presets = await applyAssignment(
    db,
    key,
    id,
    { ...presetsOf(stored), addressBookPassword: password },
    false,
  );
  await refreshDeviceStrategies(db, [id]);
  // The credential is used up: the stored sysinfo no longer holds it (its hash never covered it).
  if (held !== undefined)
    await db
      .updateTable('devices')
      .set({ sysinfo: JSON.stringify(stored) })
      .where('id', '=', id)
      .execute();
  await recordAudit(db, actor, 'device.approve', id, { ...presets });
  return true;
}

/**
 * Approves pending devices: each becomes visible to clients and gets the presets its stored sysinfo
 * carries, the held address-book password included. Returns the ids that were pending.
 */
export async function approveDevices(
  db: Kysely<Database>,
  key: Buffer,
  ids: string[],
  actor: Actor,
): Promise<string[]> {
  const approved: string[] = [];
  for (const id of ids) {
    if (await db.transaction().execute((trx) => approveDevice(trx, key, id, actor))) approved.push(id);
  }
  return approved;
}

/** The ids of the pending devices a Devices-page filter matches, on every page. */
export async function findPendingMatching(
  db: Kysely<Database>,
  filter: PendingFilter,
  now: number,
): Promise<string[]> {
  const rows = await matchingDevices(db, { ...filter, now })
    .where('devices.pending', '=', 1)
    .select('devices.id')
    .orderBy('devices.id')
    .execute();
  return rows.map((r) => r.id);
}

// Runs at every client sign-in: compiled once (db/compiled-query.ts, issue 14).
const selectPendingDevice = compiledQuery((db, id: string, uuid: string) =>
  db
    .selectFrom('devices')
    .select(['id', 'user_id'])
    .where('id', '=', id)
    .where('uuid', '=', uuid)
    .where('pending', '=', 1),
);

/**
 * "Approve when its user signs in on it": a RustDesk sign-in on a pending device (same id and uuid)
 * approves it, when the device has no assigned user or the signer is that user. Runs in the caller's
 * transaction, if any.
 */
export async function approveOnSignIn(
  db: Kysely<Database>,
  user: { id: string; username: string },
  device: { id: string; uuid: string },
  ip: string,
  key: Buffer | null = null,
): Promise<void> {
  if (!device.id) return;
  const row = (await selectPendingDevice(db, device.id, device.uuid)).rows[0];
  if (!row || (row.user_id !== null && row.user_id !== user.id)) return;
  if (!(await getApprovalSettings(db)).approveOnSignIn) return;
  await approveDevice(db, key, row.id, { id: user.id, name: user.username, ip });
}
