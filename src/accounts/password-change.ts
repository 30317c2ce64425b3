import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema.ts';
import { randomPassword } from '../security/tokens.ts';
import { hashPassword } from './passwords.ts';
import { deleteUserClientTokens, deleteUserSessions } from './sessions.ts';
import { clearAccountThrottle } from './throttle.ts';
import { findUserByUsername, setPasswordHash } from './users.repo.ts';

/**
 * Sets a new password and ends every credential the old one could have handed out: all console
 * sessions and all RustDesk client tokens (a thief's copies included), and clears the account's
 * sign-in counters. Used by the admin reset, the self-service change (which then starts a fresh
 * session for the person changing it) and `deskgate reset-password`.
 */
export async function replacePassword(
  db: Kysely<Database>,
  user: Pick<UserRow, 'id' | 'username'>,
  password: string,
): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    await setPasswordHash(tx, user.id, passwordHash);
    await deleteUserSessions(tx, user.id);
    await deleteUserClientTokens(tx, user.id);
    await clearAccountThrottle(tx, user.username);
  });
}

/** `deskgate reset-password <username>`: a new random password, or undefined for no such user. */
export async function resetPasswordByName(
  db: Kysely<Database>,
  username: string,
): Promise<{ username: string; password: string } | undefined> {
  const user = await findUserByUsername(db, username);
  if (!user) return undefined;
  const password = randomPassword();
  await replacePassword(db, user, password);
  return { username: user.username, password };
}
