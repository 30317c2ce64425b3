import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

// Instance-wide single sign-on settings, one row each in the `settings` table (shared by every instance).

const HIDE_PASSWORD_LOGIN = 'sso.hide_password_login';

export async function findHidePasswordLogin(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', HIDE_PASSWORD_LOGIN)
    .executeTakeFirst();
  return row?.value === 'true';
}

export async function saveHidePasswordLogin(db: Kysely<Database>, hide: boolean): Promise<void> {
  const value = hide ? 'true' : 'false';
  await db
    .insertInto('settings')
    .values({ key: HIDE_PASSWORD_LOGIN, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
