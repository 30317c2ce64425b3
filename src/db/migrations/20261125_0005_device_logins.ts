import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

/** RustDesk OIDC device logins (spec §4): started by a client, finished in a browser, polled by the client. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('device_logins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // SHA-256 of the poll code: whoever holds the code (with the device id/uuid) receives the token.
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('provider_id', 'text', (c) => c.notNull().references('oidc_providers.id').onDelete('cascade'))
    .addColumn('provider_name', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('device_uuid', 'text', (c) => c.notNull())
    .addColumn('device_info', 'text', (c) => c.notNull().defaultTo('{}'))
    // 'pending' | 'done' | 'failed'
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('failure_code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('failure', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    // The issued client token, encrypted, until the client's poll fetches it; then NULL.
    .addColumn('token_sealed', 'text')
    // SHA-256 of the issued token, so a token nobody fetched can be revoked when the login expires.
    .addColumn('token_hash', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('device_logins_expires_at').on('device_logins').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('device_logins').execute();
}
