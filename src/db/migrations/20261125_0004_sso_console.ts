import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

export async function up(db: Kysely<any>): Promise<void> {
  // Which provider signed a console session in, and its ID token (sealed) for RP-initiated logout.
  await db.schema.alterTable('sessions').addColumn('sso_provider_id', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('id_token_sealed', 'text').execute();

  // "Test sign-in" results: short-lived, readable only by the admin who started the test.
  await db.schema
    .createTable('sso_test_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // SHA-256 of the state sent to the IdP: the callback finds its test by it.
    .addColumn('state_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('provider_id', 'text', (c) => c.notNull().references('oidc_providers.id').onDelete('cascade'))
    // JSON: { result } or { error, code } once the callback ran; null while the admin is at the IdP.
    .addColumn('outcome', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sso_test_results').execute();
  await db.schema.alterTable('sessions').dropColumn('id_token_sealed').execute();
  await db.schema.alterTable('sessions').dropColumn('sso_provider_id').execute();
}
