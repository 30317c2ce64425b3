import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

export async function up(db: Kysely<any>): Promise<void> {
  // Named API tokens an administrator creates for scripts and `rustdesk --assign` (issue 10).
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    // SHA-256 of the token: the database never holds a usable token.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    // JSON array of scope names (devices:assign, devices:read, users:read, users:write, audit:read).
    .addColumn('scopes', 'text', (c) => c.notNull().defaultTo('[]'))
    // The administrator who created it; the token dies with their account.
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('last_used_ip', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('revoked_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_tokens').execute();
}
