import type { Kysely } from 'kysely';
import { compiledQuery } from '../db/compiled-query.ts';
import type { Database, PendingLoginRow } from '../db/schema.ts';
import { hashToken } from '../security/tokens.ts';

/** A sign-in started in a browser must finish within ten minutes. */
export const PENDING_LOGIN_TTL_MS = 10 * 60 * 1000;

// Compiled once (db/compiled-query.ts): both run on every sign-in (issue 14).
const insertRow = compiledQuery((db, row: PendingLoginRow) => db.insertInto('pending_logins').values(row));
const deleteByStateHash = compiledQuery((db, stateHash: string) =>
  db.deleteFrom('pending_logins').where('state_hash', '=', stateHash).returningAll(),
);

export async function insertPendingLogin(db: Kysely<Database>, row: PendingLoginRow): Promise<void> {
  await insertRow(db, row);
}

/**
 * Takes the pending login for this state out of the database — single use, even when two callbacks
 * race on two instances: only the one whose DELETE removed the row goes on.
 */
export async function takePendingLogin(
  db: Kysely<Database>,
  state: string,
  binding: string | undefined,
): Promise<PendingLoginRow | undefined> {
  const stateHash = hashToken(state);
  // One DELETE … RETURNING (SQLite ≥ 3.35, PostgreSQL): the row comes back only to the statement that removed it.
  const row = (await deleteByStateHash(db, stateHash)).rows[0];
  if (!row) return undefined;
  if (row.expires_at < Date.now()) return undefined;
  // A device login (RustDesk client, spec §4) opens in a browser that never visited DeskGate, so it has no
  // binding cookie; the token goes only to the poll that holds the device login's code, id and uuid.
  if (row.purpose === 'device') return row;
  if (!binding || hashToken(binding) !== row.binding_hash) return undefined;
  return row;
}

export async function pruneExpiredPendingLogins(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('pending_logins').where('expires_at', '<', Date.now()).execute();
}
