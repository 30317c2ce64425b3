import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { refreshDeviceStrategies } from '../strategies/effective.ts';
import { holdPresetPassword, holdsForApproval, onDeviceRegistered } from './approval.ts';
import { findDeviceIdentity, type SysinfoRecord, upsertSysinfo } from './devices.repo.ts';
import type { Presence } from './presence.ts';

export interface SysinfoUpload {
  id: string;
  uuid: string;
  cpu?: string | undefined;
  memory?: string | undefined;
  os?: string | undefined;
  hostname?: string | undefined;
  username?: string | undefined;
  version?: string | undefined;
  [key: string]: unknown;
}

/** The preset-* keys (HC: src/config.rs) are kept for the features that act on them; at most this many. */
const MAX_EXTRA_KEYS = 32;
const PRESET_PASSWORD = 'preset-address-book-password';

function toRecord(body: SysinfoUpload): SysinfoRecord {
  const extra: Record<string, string> = {};
  for (const key of Object.keys(body).sort()) {
    const value = body[key];
    // The address-book password preset is a credential: applied at registration, never stored.
    if (!key.startsWith('preset-') || key === PRESET_PASSWORD || typeof value !== 'string') continue;
    if (Object.keys(extra).length >= MAX_EXTRA_KEYS) break;
    extra[key.slice(0, 100)] = value.slice(0, 1000);
  }
  const fields = {
    id: body.id,
    uuid: body.uuid,
    hostname: body.hostname ?? '',
    osUsername: body.username ?? '',
    os: body.os ?? '',
    cpu: body.cpu ?? '',
    memory: body.memory ?? '',
    version: body.version ?? '',
    extra,
  };
  const hash = createHash('sha256').update(JSON.stringify(fields)).digest('base64url');
  return { ...fields, hash };
}

/**
 * Registers or refreshes a device from its sysinfo upload (spec §5.2). The answer is the client's
 * literal: `SYSINFO_UPDATED` only once the row is stored; `ID_NOT_FOUND` for a device without an ID
 * yet (the client retries on its next 3 s tick); 'conflict' when the ID belongs to another uuid.
 */
export async function registerSysinfo(
  db: Kysely<Database>,
  presence: Presence,
  body: SysinfoUpload,
  now: number,
  origin: { key: Buffer; ip: string },
): Promise<'SYSINFO_UPDATED' | 'ID_NOT_FOUND' | 'conflict'> {
  if (body.id === '' || body.uuid === '') return 'ID_NOT_FOUND';
  const record = toRecord(body);
  const existing = await findDeviceIdentity(db, record.id);
  if (existing && existing.uuid !== record.uuid) return 'conflict';
  if (existing?.sysinfo_hash === record.hash) {
    // Unchanged (a restart re-uploads the same data): no write; it only proves the device is alive.
    presence.remember(record.id, record.uuid);
    presence.touch(record.id, now);
    return 'SYSINFO_UPDATED';
  }
  // A first registration may be held for approval, and applies presets and pre-registration (issue 10).
  const pending = !existing && (await holdsForApproval(db, record.id));
  if (pending || existing?.pending === 1) holdPresetPassword(origin.key, record.id, body, record.extra);
  if (!(await upsertSysinfo(db, record, now, pending))) return 'conflict';
  presence.remember(record.id, record.uuid);
  if (!existing) {
    await onDeviceRegistered(db, origin.key, record.id, body, pending, origin.ip);
    // After presets and pre-registration set its user and group: the strategy that applies to it.
    await refreshDeviceStrategies(db, [record.id]);
  }
  return 'SYSINFO_UPDATED';
}
