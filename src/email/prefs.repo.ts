import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { MailPrefs } from '../shared/email.ts';

/** A user's mail preferences; English and no email verification until set. */
export async function findMailPrefs(db: Kysely<Database>, userId: string): Promise<MailPrefs> {
  const row = await db
    .selectFrom('user_mail_prefs')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return { language: row?.language === 'ja' ? 'ja' : 'en', loginVerification: row?.login_verification === 1 };
}

export async function saveMailPrefs(
  db: Kysely<Database>,
  userId: string,
  prefs: MailPrefs,
): Promise<MailPrefs> {
  const values = { language: prefs.language, login_verification: prefs.loginVerification ? 1 : 0 };
  await db
    .insertInto('user_mail_prefs')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
  return findMailPrefs(db, userId);
}
