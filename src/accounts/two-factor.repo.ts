import type { Kysely } from 'kysely';
import type { Database, TwoFactorChallengeRow, UserTwoFactorRow } from '../db/schema.ts';
import { hashToken, randomToken } from '../security/tokens.ts';

/** The user's TOTP enrolment, confirmed or not. */
export async function findTwoFactor(
  db: Kysely<Database>,
  userId: string,
): Promise<UserTwoFactorRow | undefined> {
  return db.selectFrom('user_two_factor').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Starts (or restarts) an unconfirmed enrolment with a new sealed seed. */
export async function savePendingEnrolment(
  db: Kysely<Database>,
  userId: string,
  secretSealed: string,
): Promise<void> {
  const now = Date.now();
  await db
    .insertInto('user_two_factor')
    .values({
      user_id: userId,
      secret_sealed: secretSealed,
      confirmed_at: null,
      last_used_step: 0,
      created_at: now,
    })
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({ secret_sealed: secretSealed, confirmed_at: null, last_used_step: 0, created_at: now }),
    )
    .execute();
}

/** Marks the enrolment confirmed and replaces the backup codes, in one transaction. */
export async function confirmEnrolment(
  db: Kysely<Database>,
  userId: string,
  backupCodeHashes: string[],
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('user_two_factor')
      .set({ confirmed_at: Date.now() })
      .where('user_id', '=', userId)
      .execute();
    await tx.deleteFrom('user_backup_codes').where('user_id', '=', userId).execute();
    await tx
      .insertInto('user_backup_codes')
      .values(backupCodeHashes.map((code_hash) => ({ code_hash, user_id: userId, created_at: Date.now() })))
      .execute();
  });
}

/**
 * Records a TOTP step as used. One conditional UPDATE, so two instances racing with the same code
 * cannot both win: true only for the first use of a step later than any used before.
 */
export async function claimTotpStep(db: Kysely<Database>, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('user_two_factor')
    .set({ last_used_step: step })
    .where('user_id', '=', userId)
    .where('last_used_step', '<', step)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Uses up a backup code: true when it existed (and now no longer does). */
export async function consumeBackupCode(
  db: Kysely<Database>,
  userId: string,
  codeHash: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('user_backup_codes')
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

export async function countBackupCodes(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('user_backup_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Turns two-factor sign-in off: the seed, the backup codes and any pending challenge go. */
export async function deleteTwoFactor(db: Kysely<Database>, userId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('two_factor_challenges').where('user_id', '=', userId).execute();
    await tx.deleteFrom('user_backup_codes').where('user_id', '=', userId).execute();
    await tx.deleteFrom('user_two_factor').where('user_id', '=', userId).execute();
  });
}

/** A second-factor challenge lives five minutes: long enough to open an authenticator app. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
/** Wrong codes a single challenge tolerates before the person must start again. */
export const CHALLENGE_MAX_ATTEMPTS = 10;

export interface NewChallenge {
  userId: string;
  usernameKey: string;
  purpose: 'console' | 'client';
  method: string;
  deviceId?: string;
  deviceUuid?: string;
  returnTo?: string;
}

/** Stores a challenge (hashed) and returns its random id, which the browser or client holds. */
export async function insertChallenge(db: Kysely<Database>, c: NewChallenge): Promise<string> {
  const id = randomToken();
  const now = Date.now();
  // Expired challenges are pruned as new ones are made; they are refused anyway.
  await db.deleteFrom('two_factor_challenges').where('expires_at', '<=', now).execute();
  await db
    .insertInto('two_factor_challenges')
    .values({
      id_hash: hashToken(id),
      user_id: c.userId,
      username_key: c.usernameKey,
      purpose: c.purpose,
      method: c.method,
      device_id: c.deviceId ?? '',
      device_uuid: c.deviceUuid ?? '',
      return_to: c.returnTo ?? '/',
      attempts: 0,
      expires_at: now + CHALLENGE_TTL_MS,
    })
    .execute();
  return id;
}

/** A live challenge for this id and purpose, or undefined (unknown, used or expired). */
export async function findChallenge(
  db: Kysely<Database>,
  id: string,
  purpose: 'console' | 'client',
): Promise<TwoFactorChallengeRow | undefined> {
  return db
    .selectFrom('two_factor_challenges')
    .selectAll()
    .where('id_hash', '=', hashToken(id))
    .where('purpose', '=', purpose)
    .where('expires_at', '>', Date.now())
    .executeTakeFirst();
}

/** Single use: true only for the one request that deletes it. */
export async function takeChallenge(db: Kysely<Database>, idHash: string): Promise<boolean> {
  const result = await db
    .deleteFrom('two_factor_challenges')
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/** Counts a wrong code against the challenge; past the limit the challenge is gone. */
export async function countChallengeFailure(db: Kysely<Database>, row: TwoFactorChallengeRow): Promise<void> {
  if (row.attempts + 1 >= CHALLENGE_MAX_ATTEMPTS) {
    await takeChallenge(db, row.id_hash);
    return;
  }
  await db
    .updateTable('two_factor_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id_hash', '=', row.id_hash)
    .execute();
}
