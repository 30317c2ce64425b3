import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  accountKey,
  addressKey,
  assertNotThrottled,
  clearFailures,
  recordFailure,
} from './throttle.ts';
import { findUserByUsername, touchLastLogin } from './users.repo.ts';

export const WRONG_CREDENTIALS = 'Wrong username or password.';

/**
 * Checks a username and password, throttled per account and per address. One message for an
 * unknown user and a wrong password, so the answer does not tell which accounts exist.
 */
export async function verifyLocalLogin(
  db: Kysely<Database>,
  { username, password, ip }: { username: string; password: string; ip: string },
) {
  const keys = [accountKey(username), addressKey(ip)];
  await assertNotThrottled(db, keys);
  const user = await findUserByUsername(db, username);
  let ok = false;
  if (user) ok = await verifyPassword(user.password_hash, password);
  else await verifyAgainstDummy(password);
  if (!user || !ok) {
    await recordFailure(db, [
      { key: accountKey(username), policy: ACCOUNT_POLICY },
      { key: addressKey(ip), policy: ADDRESS_POLICY },
    ]);
    throw new AppError('INVALID_CREDENTIALS', 401, WRONG_CREDENTIALS);
  }
  await clearFailures(db, accountKey(username));
  if (user.status !== 1) {
    // The password was right, so saying why is no enumeration.
    throw new AppError('USER_DISABLED', 403, 'This account is disabled. Ask an administrator to enable it.');
  }
  await touchLastLogin(db, user.id);
  return user;
}
