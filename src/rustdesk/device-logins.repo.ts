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

/** Moves a still-pending, unexpired login to `done` with its sealed token; false if it was no longer pending. */
export async function markDeviceLoginDone(
  db: Kysely<Database>,
  id: string,
  done: { userId: string; tokenSealed: string; tokenHash: string },
): Promise<boolean> {
  const result = await db
    .updateTable('device_logins')
    .set({ status: 'done', user_id: done.userId, token_sealed: done.tokenSealed, token_hash: done.tokenHash })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('expires_at', '>=', Date.now())
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
