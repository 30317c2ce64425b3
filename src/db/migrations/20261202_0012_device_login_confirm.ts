import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

/**
 * A RustDesk device login waits for the person's Approve on DeskGate's own page before any token exists
 * (issue 9 §1): the callback moves it to 'awaiting_approval', Approve to 'done', Deny to 'denied'.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // The address that called POST /api/oidc/auth (the RustDesk client, or whoever pretends to be one).
  await db.schema
    .alterTable('device_logins')
    .addColumn('client_ip', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // The browser's address: at the callback, then at the decision.
  await db.schema
    .alterTable('device_logins')
    .addColumn('browser_ip', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // SHA-256 of the confirmation secret held in an HttpOnly cookie by the browser that did the callback.
  await db.schema.alterTable('device_logins').addColumn('confirm_hash', 'text').execute();
  await db.schema.alterTable('device_logins').addColumn('decided_at', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // Logins mid-confirmation have no meaning to the older code, which knows no such status.
  await db.deleteFrom('device_logins').where('status', 'in', ['awaiting_approval', 'denied']).execute();
  await db.schema.alterTable('device_logins').dropColumn('decided_at').execute();
  await db.schema.alterTable('device_logins').dropColumn('confirm_hash').execute();
  await db.schema.alterTable('device_logins').dropColumn('browser_ip').execute();
  await db.schema.alterTable('device_logins').dropColumn('client_ip').execute();
}
