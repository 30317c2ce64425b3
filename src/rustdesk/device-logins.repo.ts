import type { Kysely } from 'kysely';
import type { Database, DeviceLoginRow } from '../db/schema.ts';
import { hashToken } from '../security/tokens.ts';

export async function insertDeviceLogin(db: Kysely<Database>, row: DeviceLoginRow): Promise<void> {
  await db.insertInto('device_logins').values(row).execute();
}

export async function findDeviceLoginByCode(
  db: Kysely<Database>,
  code: string,
): Promise<DeviceLoginRow | undefined> {
  return db
    .selectFrom('device_logins')
    .selectAll()
    .where('code_hash', '=', hashToken(code))
    .executeTakeFirst();
}

export async function findDeviceLoginById(
  db: Kysely<Database>,
  id: string,
): Promise<DeviceLoginRow | undefined> {
  return db.selectFrom('device_logins').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The callback resolved who signed in: a still-pending, unexpired login waits for that person's Approve.
 * No token exists yet; false if the login was no longer pending (expired, or finished elsewhere).
 */
export async function markDeviceLoginAwaitingApproval(
  db: Kysely<Database>,
  id: string,
  awaiting: { userId: string; confirmHash: string; browserIp: string; sid?: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('device_logins')
    .set({
      status: 'awaiting_approval',
      user_id: awaiting.userId,
      confirm_hash: awaiting.confirmHash,
      browser_ip: awaiting.browserIp,
      sso_sid: awaiting.sid ?? null,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('expires_at', '>=', Date.now())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Approve: the one UPDATE that moves an unexpired login from `awaiting_approval` (with this confirmation
 * secret) to `done` with its sealed token. Two approvals racing on two instances: only one updates a row.
 */
export async function markDeviceLoginApproved(
  db: Kysely<Database>,
  id: string,
  done: { confirmHash: string; browserIp: string; tokenSealed: string; tokenHash: string },
): Promise<boolean> {
  const now = Date.now();
  const result = await db
    .updateTable('device_logins')
    .set({
      status: 'done',
      token_sealed: done.tokenSealed,
      token_hash: done.tokenHash,
      browser_ip: done.browserIp,
      decided_at: now,
    })
    .where('id', '=', id)
    .where('status', '=', 'awaiting_approval')
    .where('confirm_hash', '=', done.confirmHash)
    .where('expires_at', '>=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deny: `awaiting_approval` (with this confirmation secret) to `denied`; the client's next poll is refused. */
export async function markDeviceLoginDenied(
  db: Kysely<Database>,
  id: string,
  denied: { confirmHash: string; browserIp: string; message: string },
): Promise<boolean> {
  const result = await db
    .updateTable('device_logins')
    .set({
      status: 'denied',
      failure_code: 'DEVICE_LOGIN_DENIED',
      failure: denied.message,
      browser_ip: denied.browserIp,
      decided_at: Date.now(),
    })
    .where('id', '=', id)
    .where('status', '=', 'awaiting_approval')
    .where('confirm_hash', '=', denied.confirmHash)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Moves a still-pending login to `failed`; the reason is what the client shows. */
export async function markDeviceLoginFailed(
  db: Kysely<Database>,
  id: string,
  failure: { code: string; message: string },
): Promise<void> {
  await db
    .updateTable('device_logins')
    .set({ status: 'failed', failure_code: failure.code, failure: failure.message })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * Erases the sealed token as it is handed out. Only the poll whose UPDATE cleared it may answer with
 * it, so two polls racing on two instances cannot both receive the token.
 */
export async function takeSealedToken(db: Kysely<Database>, row: DeviceLoginRow): Promise<boolean> {
  if (!row.token_sealed) return false;
  const result = await db
    .updateTable('device_logins')
    .set({ token_sealed: null })
    .where('id', '=', row.id)
    .where('token_sealed', '=', row.token_sealed)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes expired device logins; a token issued but never fetched is revoked with them. */
export async function pruneExpiredDeviceLogins(db: Kysely<Database>): Promise<void> {
  const now = Date.now();
  await db
    .deleteFrom('client_tokens')
    .where(
      'token_hash',
      'in',
      db
        .selectFrom('device_logins')
        .select('token_hash')
        .where('expires_at', '<', now)
        .where('token_sealed', 'is not', null)
        .where('token_hash', 'is not', null)
        .$narrowType<{ token_hash: string }>(),
    )
    .execute();
  await db.deleteFrom('device_logins').where('expires_at', '<', now).execute();
}
