import type { Kysely } from 'kysely';
import { compiledQuery } from '../db/compiled-query.ts';
import type { Database, DeviceLoginRow } from '../db/schema.ts';
import { hashToken } from '../security/tokens.ts';

// Every statement of a device login's path is compiled once (db/compiled-query.ts, issue 14).
const insertRow = compiledQuery((db, row: DeviceLoginRow) => db.insertInto('device_logins').values(row));
const selectByCodeHash = compiledQuery((db, codeHash: string) =>
  db.selectFrom('device_logins').selectAll().where('code_hash', '=', codeHash),
);
const selectById = compiledQuery((db, id: string) =>
  db.selectFrom('device_logins').selectAll().where('id', '=', id),
);

export async function insertDeviceLogin(db: Kysely<Database>, row: DeviceLoginRow): Promise<void> {
  await insertRow(db, row);
}

export async function findDeviceLoginByCode(
  db: Kysely<Database>,
  code: string,
): Promise<DeviceLoginRow | undefined> {
  return (await selectByCodeHash(db, hashToken(code))).rows[0];
}

export async function findDeviceLoginById(
  db: Kysely<Database>,
  id: string,
): Promise<DeviceLoginRow | undefined> {
  return (await selectById(db, id)).rows[0];
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
  const result = await updateAwaiting(db, id, Date.now(), {
    user_id: awaiting.userId,
    confirm_hash: awaiting.confirmHash,
    browser_ip: awaiting.browserIp,
    sso_sid: awaiting.sid ?? null,
  });
  return Number(result.numAffectedRows) === 1;
}
const updateAwaiting = compiledQuery(
  (
    db,
    id: string,
    now: number,
    set: { user_id: string; confirm_hash: string; browser_ip: string; sso_sid: string | null },
  ) =>
    db
      .updateTable('device_logins')
      .set({ status: 'awaiting_approval', ...set })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('expires_at', '>=', now),
);

/**
 * Approve: the one UPDATE that moves an unexpired login from `awaiting_approval` (with this confirmation
 * secret) to `done` with its sealed token. Two approvals racing on two instances: only one updates a row.
 */
export async function markDeviceLoginApproved(
  db: Kysely<Database>,
  id: string,
  done: { confirmHash: string; browserIp: string; tokenSealed: string; tokenHash: string },
): Promise<boolean> {
  const result = await updateApproved(db, id, done.confirmHash, Date.now(), {
    token_sealed: done.tokenSealed,
    token_hash: done.tokenHash,
    browser_ip: done.browserIp,
  });
  return Number(result.numAffectedRows) === 1;
}
const updateApproved = compiledQuery(
  (
    db,
    id: string,
    confirmHash: string,
    now: number,
    set: { token_sealed: string; token_hash: string; browser_ip: string },
  ) =>
    db
      .updateTable('device_logins')
      .set({ status: 'done', ...set, decided_at: now })
      .where('id', '=', id)
      .where('status', '=', 'awaiting_approval')
      .where('confirm_hash', '=', confirmHash)
      .where('expires_at', '>=', now),
);

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
  return Number((await clearSealedToken(db, row.id, row.token_sealed)).numAffectedRows) === 1;
}
const clearSealedToken = compiledQuery((db, id: string, sealed: string) =>
  db
    .updateTable('device_logins')
    .set({ token_sealed: null })
    .where('id', '=', id)
    .where('token_sealed', '=', sealed),
);

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
