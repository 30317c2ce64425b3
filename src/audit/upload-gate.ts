import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { findDeviceIdentity } from '../devices/devices.repo.ts';
import { AppError } from '../errors.ts';
import { findSessionGuid } from './events.repo.ts';
import { budgetWindowStart, countAuditUpload } from './upload-budget.repo.ts';

/**
 * Who may upload audit records. The uploads carry no credential (spec §1.3), so the device's own
 * identity is the gate: the id + uuid pair its sysinfo upload registered (§5.2). Refusals are plain
 * 4xx, which the client drops instead of retrying (§1.6, §5.4).
 */

/** Records per device per minute: a busy device logs a few per connection; a flood is not a device at work. */
export const AUDIT_UPLOADS_PER_MINUTE = 120;

/** What the gate reads of an upload. */
export interface UploadIdentity {
  id: string;
  uuid?: string | undefined;
  session_id?: string | undefined;
}

const notRegistered = () =>
  new AppError(
    'DEVICE_NOT_REGISTERED',
    403,
    'Audit records are accepted only from devices registered with DeskGate (the id and uuid of their system-information upload); this one is not, so the record was not stored.',
  );

/**
 * Refuses uploads from unregistered devices, then counts the upload against the device's budget.
 * The controlling side's legacy note (§5.4: `id` of the REMOTE device, `session_id`, `note`, no uuid)
 * is accepted only for a session that registered device itself reported, which an outsider cannot name.
 */
export async function admitAuditUpload(
  db: Kysely<Database>,
  upload: UploadIdentity,
  now: number,
): Promise<void> {
  const device = await findDeviceIdentity(db, upload.id);
  if (!device) throw notRegistered();
  if (upload.uuid === undefined) {
    const session = upload.session_id
      ? await findSessionGuid(db, upload.id, upload.session_id, undefined)
      : '';
    if (!session) throw notRegistered();
  } else if (upload.uuid !== device.uuid) throw notRegistered();

  if ((await countAuditUpload(db, upload.id, now)) > AUDIT_UPLOADS_PER_MINUTE) {
    const retryAfter = Math.ceil((budgetWindowStart(now) + 60_000 - now) / 1000);
    // 429: the client retries it at most twice, 10 s and 30 s later (§5.4), often into the next
    // minute, so a short burst is not lost and a flood gets no more than three tries per record.
    throw new AppError(
      'AUDIT_RATE_LIMITED',
      429,
      `This device sent more than ${AUDIT_UPLOADS_PER_MINUTE} audit records in a minute; records are refused until the minute is over.`,
      { 'retry-after': String(retryAfter) },
    );
  }
}
