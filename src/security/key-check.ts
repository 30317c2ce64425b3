import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { openSecret, sealSecret } from './secret-box.ts';

const CHECK_KEY = 'secret_key_check';
const CONTEXT = 'settings:secret_key_check';

/**
 * Refuses to start with a key other than the one this database's secrets are sealed with. Without this, an
 * instance with its own generated key (a second box on the same PostgreSQL, or a lost `secret.key`) starts
 * fine and then fails every sign-in with an undecryptable client secret. The first start seals a known
 * value; every later start must open it.
 */
export async function checkSecretKey(db: Kysely<Database>, key: Buffer): Promise<void> {
  let row = await db.selectFrom('settings').select('value').where('key', '=', CHECK_KEY).executeTakeFirst();
  if (!row) {
    // Two instances may start at once: whichever insert wins, both then check against it.
    await db
      .insertInto('settings')
      .values({ key: CHECK_KEY, value: sealSecret(key, 'deskgate', CONTEXT) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    row = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', CHECK_KEY)
      .executeTakeFirstOrThrow();
  }
  try {
    openSecret(key, row.value, CONTEXT);
  } catch {
    throw new Error(
      'the secret key (DESKGATE_SECRET_KEY, or secret.key in the data directory) is not the key this ' +
        "database's secrets were sealed with. Every DeskGate instance on one database must use the same " +
        'DESKGATE_SECRET_KEY: set it to the original key (restore secret.key from your backup).',
    );
  }
}
