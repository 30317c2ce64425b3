import type { Kysely } from 'kysely';
import { ConfigError } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { randomPassword } from '../security/tokens.ts';
import { ensureDefaultGroup } from './groups.repo.ts';
import { judgePassword, passwordChecker } from './password-strength.ts';
import { hashPassword } from './passwords.ts';
import { countActiveAdmins, insertUser } from './users.repo.ts';

export const FIRST_ADMIN_USERNAME = 'admin';
const FIRST_ADMIN_DISPLAY_NAME = 'Administrator';

/**
 * First start only: refuses a DESKGATE_ADMIN_PASSWORD the password policy would refuse in the console
 * (a ConfigError: the process exits 78 with the reason). Refused rather than warned about: it would
 * become the password of the most powerful account, a warning scrolls by unseen in a container log,
 * and choosing another costs one restart. Once any account exists the variable is not used, so an
 * existing installation never stops starting because of it.
 */
export async function assertFirstAdminPassword(
  db: Kysely<Database>,
  adminPassword: string | undefined,
): Promise<void> {
  if (adminPassword === undefined) return;
  if (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) return;
  const verdict = await judgePassword(adminPassword, [
    FIRST_ADMIN_USERNAME,
    FIRST_ADMIN_DISPLAY_NAME,
  ]).finally(() => passwordChecker.release());
  if (!verdict.ok)
    throw new ConfigError([
      `DESKGATE_ADMIN_PASSWORD is too easy to guess. ${verdict.words} Choose a few unrelated words, or leave it unset to have a random password printed once.`,
    ]);
}

/**
 * First start only: creates the Default group and the `admin` account. Returns the password when it
 * was generated (to print once), undefined when an account already existed or the admin chose it.
 */
export async function bootstrapAccounts(
  db: Kysely<Database>,
  adminPassword: string | undefined,
): Promise<{ created: boolean; generatedPassword: string | undefined }> {
  await ensureDefaultGroup(db);
  const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (anyUser || (await countActiveAdmins(db)) > 0) return { created: false, generatedPassword: undefined };
  const password = adminPassword ?? randomPassword();
  try {
    await insertUser(db, {
      username: FIRST_ADMIN_USERNAME,
      displayName: FIRST_ADMIN_DISPLAY_NAME,
      passwordHash: await hashPassword(password),
      isAdmin: true,
    });
  } catch {
    // Another instance created it a moment ago.
    return { created: false, generatedPassword: undefined };
  }
  return { created: true, generatedPassword: adminPassword ? undefined : password };
}
