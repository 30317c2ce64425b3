import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { signInWithDirectory } from '../ldap/sign-in.ts';
import { verifyPassword } from './passwords.ts';
import { reserveAttempt } from './throttle.ts';
import { findUserByUsername, touchLastLogin } from './users.repo.ts';

export const WRONG_CREDENTIALS = 'Wrong username or password.';

/**
 * Checks a username and password, throttled per (account, address) and per address, slowed per
 * account (throttle.ts). One message and one argon2 verification for an unknown user, an account
 * without a local password and a wrong password, so neither words nor timing tell which exist.
 * With `key` and directory sign-in on (src/ldap/), a name without a local password is tried against
 * the directory under the same throttle; an account with a local password signs in only with it, so
 * a directory entry of the same name never takes it over.
 */
export async function verifyLocalLogin(
  db: Kysely<Database>,
  { username, password, ip }: { username: string; password: string; ip: string },
  key?: Buffer,
) {
  const attempt = await reserveAttempt(db, { kind: 'pw', username, ip });
  const local = await findUserByUsername(db, username);
  const ok = await verifyPassword(local?.password_hash ?? null, password);
  const user = ok
    ? local
    : key && !local?.password_hash
      ? await signInWithDirectory(db, key, { username, password, ip })
      : undefined;
  if (!user) {
    await recordAudit(db, { id: local?.id ?? null, name: username, ip }, 'auth.login.failure', username, {
      method: 'password',
    });
    throw new AppError('INVALID_CREDENTIALS', 401, WRONG_CREDENTIALS);
  }
  await attempt.succeeded();
  if (user.status !== 1) {
    // The password was right, so saying why is no enumeration.
    throw new AppError('USER_DISABLED', 403, 'This account is disabled. Ask an administrator to enable it.');
  }
  await touchLastLogin(db, user.id);
  return user;
}
