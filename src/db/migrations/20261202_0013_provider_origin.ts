import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

// The origin an admin saved a provider from (issue 9 §6): its logins and its callback's redirect_uri use
// only this (or DESKGATE_PUBLIC_URL), never the Host header of whoever starts a login. Null for providers
// saved before this migration: they refuse logins until an admin opens and saves them once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('oidc_providers').addColumn('callback_origin', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('oidc_providers').dropColumn('callback_origin').execute();
}
