import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

/**
 * Email: the SMTP settings (one row), each user's mail preferences (language, email login
 * verification), one-time links (invitation, password reset; hashed, single use, expiring) and
 * emailed sign-in codes bound to a second-factor challenge (hashed, single use, 10 minutes).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('email_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    // 'starttls' | 'tls' | 'none'
    .addColumn('security', 'text', (c) => c.notNull())
    .addColumn('ca_pem', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    // secret-box, context `email:smtp_password`.
    .addColumn('password_sealed', 'text')
    .addColumn('from_address', 'text', (c) => c.notNull())
    // The origin the admin saved the settings from: links in mails point there, never at a request's Host.
    .addColumn('link_origin', 'text', (c) => c.notNull())
    .addColumn('login_verification_all', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('user_mail_prefs')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('login_verification', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('email_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // 'invite' | 'reset'
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_links_user').on('email_links').column('user_id').execute();
  await db.schema
    .createTable('email_login_codes')
    // The second-factor challenge the code answers (two_factor_challenges.id_hash).
    .addColumn('challenge_hash', 'text', (c) => c.primaryKey())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('email_login_codes').execute();
  await db.schema.dropTable('email_links').execute();
  await db.schema.dropTable('user_mail_prefs').execute();
  await db.schema.dropTable('email_settings').execute();
}
