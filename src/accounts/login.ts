import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { verifyPassword } from './passwords.ts';
import { reserveAttempt } from './throttle.ts';
import { findUserByUsername, touchLastLogin } from './users.repo.ts';

export const WRONG_CREDENTIALS = 'Wrong username or password.';

/**
 * Checks a username and password, throttled per (account, address) and per address, slowed per
 * account (throttle.ts). One message and one argon2 verification for an unknown user, an account
 * without a local password and a wrong password, so neither words nor timing tell which exist.
 */
export async function verifyLocalLogin(
  db: Kysely<Database>,
  { username, password, ip }: { username: string; password: string; ip: string },
) {
  const attempt = await reserveAttempt(db, { kind: 'pw', username, ip });
  const user = await findUserByUsername(db, username);
  const ok = await verifyPassword(user?.password_hash ?? null, password);
  if (!user || !ok) {
    await recordAudit(db, { id: user?.id ?? null, name: username, ip }, 'auth.login.failure', username, {
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
