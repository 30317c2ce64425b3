import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

/**
 * Login throttling becomes a count of reserved attempts per fixed window, taken atomically before a
 * password or code is checked (src/accounts/throttle.ts). The old rows (failures + lock) mean
 * something else and are only minutes of state, so the table is replaced, not converted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_throttle').execute();
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    // The account a key belongs to ('' for a per-address key): `reset-password` clears them all.
    .addColumn('username_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('window_ends_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_throttle_username')
    .on('login_throttle')
    .column('username_key')
    .execute();
  await db.schema
    .createIndex('login_throttle_window')
    .on('login_throttle')
    .column('window_ends_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_throttle').execute();
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
