import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

export async function up(db: Kysely<any>): Promise<void> {
  // One TOTP enrolment per local account; `confirmed_at` null while the person has not yet proved
  // their authenticator works, so a half-finished enrolment never locks anyone out.
  await db.schema
    .createTable('user_two_factor')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'bigint')
    // Highest TOTP time-step accepted so far: a code is good once (RFC 6238 §5.2).
    .addColumn('last_used_step', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('user_backup_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('user_backup_codes_user_id')
    .on('user_backup_codes')
    .column('user_id')
    .execute();
  // Password (or SSO) step done, second factor pending: shared by every instance, single-use, short-lived.
  await db.schema
    .createTable('two_factor_challenges')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('username_key', 'text', (c) => c.notNull())
    // 'console' | 'client'
    .addColumn('purpose', 'text', (c) => c.notNull())
    // How the first step was passed ('password' or 'sso:<provider>'), for the audit trail.
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('device_uuid', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('return_to', 'text', (c) => c.notNull().defaultTo('/'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('two_factor_challenges').execute();
  await db.schema.dropTable('user_backup_codes').execute();
  await db.schema.dropTable('user_two_factor').execute();
}
