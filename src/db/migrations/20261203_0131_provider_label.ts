import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

// Issue 11: a provider's optional button label ("Continue with 社内アカウント": spaces and any script),
// apart from its name, which stays the identifier the RustDesk client sends back as `op`; and the date
// its client secret expires (Entra secrets do), as epoch ms, so the dashboard can warn ahead of time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('oidc_providers').addColumn('button_label', 'text').execute();
  await db.schema.alterTable('oidc_providers').addColumn('client_secret_expires_at', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('oidc_providers').dropColumn('client_secret_expires_at').execute();
  await db.schema.alterTable('oidc_providers').dropColumn('button_label').execute();
}
