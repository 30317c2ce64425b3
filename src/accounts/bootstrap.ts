import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { randomPassword } from '../security/tokens.ts';
import { ensureDefaultGroup } from './groups.repo.ts';
import { hashPassword } from './passwords.ts';
import { countActiveAdmins, insertUser } from './users.repo.ts';

export const FIRST_ADMIN_USERNAME = 'admin';

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
      displayName: 'Administrator',
      passwordHash: await hashPassword(password),
      isAdmin: true,
    });
  } catch {
    // Another instance created it a moment ago.
    return { created: false, generatedPassword: undefined };
  }
  return { created: true, generatedPassword: adminPassword ? undefined : password };
}
