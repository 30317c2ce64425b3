import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

// Issue 12: SCIM 2.0 provisioning per provider, and logout that the identity provider starts.
export async function up(db: Kysely<any>): Promise<void> {
  // One bearer secret per provider, stored as a SHA-256 hash; rotating replaces the row.
  await db.schema
    .createTable('scim_tokens')
    .addColumn('provider_id', 'text', (c) =>
      c.primaryKey().references('oidc_providers.id').onDelete('cascade'),
    )
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // A SCIM User resource: the provider's view of one DeskGate account (attributes kept as JSON text).
  await db.schema
    .createTable('scim_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider_id', 'text', (c) => c.notNull().references('oidc_providers.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('user_name_key', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('scim_users_provider_user', ['provider_id', 'user_id'])
    .addUniqueConstraint('scim_users_provider_name', ['provider_id', 'user_name_key'])
    .execute();
  await db.schema
    .createIndex('scim_users_external')
    .on('scim_users')
    .columns(['provider_id', 'external_id'])
    .execute();
  await db.schema
    .createTable('scim_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider_id', 'text', (c) => c.notNull().references('oidc_providers.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('scim_groups_provider')
    .on('scim_groups')
    .columns(['provider_id', 'display_name'])
    .execute();
  await db.schema
    .createTable('scim_group_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('scim_groups.id').onDelete('cascade'))
    .addColumn('scim_user_id', 'text', (c) => c.notNull().references('scim_users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('scim_group_members_pk', ['group_id', 'scim_user_id'])
    .execute();
  await db.schema
    .createIndex('scim_group_members_user')
    .on('scim_group_members')
    .column('scim_user_id')
    .execute();
  // Back-Channel Logout 1.0 §2.6: a logout token's jti is accepted once; kept until the token would be stale.
  await db.schema
    .createTable('logout_token_jtis')
    .addColumn('jti_key', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  // The IdP session (ID token `sid`) a console session or client token came from, for IdP-started logout.
  await db.schema.alterTable('sessions').addColumn('sso_sid', 'text').execute();
  await db.schema.alterTable('client_tokens').addColumn('sso_provider_id', 'text').execute();
  await db.schema.alterTable('client_tokens').addColumn('sso_sid', 'text').execute();
  await db.schema.alterTable('device_logins').addColumn('sso_sid', 'text').execute();
  await db.schema.createIndex('sessions_sso_sid').on('sessions').column('sso_sid').execute();
  await db.schema.createIndex('client_tokens_sso_sid').on('client_tokens').column('sso_sid').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('client_tokens_sso_sid').execute();
  await db.schema.dropIndex('sessions_sso_sid').execute();
  await db.schema.alterTable('device_logins').dropColumn('sso_sid').execute();
  await db.schema.alterTable('client_tokens').dropColumn('sso_sid').execute();
  await db.schema.alterTable('client_tokens').dropColumn('sso_provider_id').execute();
  await db.schema.alterTable('sessions').dropColumn('sso_sid').execute();
  await db.schema.dropTable('logout_token_jtis').execute();
  await db.schema.dropTable('scim_group_members').execute();
  await db.schema.dropTable('scim_groups').execute();
  await db.schema.dropTable('scim_users').execute();
  await db.schema.dropTable('scim_tokens').execute();
}
