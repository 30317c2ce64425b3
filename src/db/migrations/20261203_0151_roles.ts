import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

/**
 * Roles (issue 12): custom roles live in `roles` (the built-in Administrator, Helpdesk and Auditor are
 * defined in code, src/roles/builtin.ts), and a user holds at most one in `users.role_id`. Every
 * administrator so far becomes an Administrator; everyone else stays a plain user (no role).
 * `users.is_admin` stays, kept equal to "holds the Administrator role", for the RustDesk client's `is_admin`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    // JSON object: area → 'none' | 'read' | 'manage'; an absent area is 'none'.
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('users').addColumn('role_id', 'text').execute();
  await db.schema.createIndex('users_role_id').on('users').column('role_id').execute();
  await db.updateTable('users').set({ role_id: 'administrator' }).where('is_admin', '=', 1).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_role_id').execute();
  await db.schema.alterTable('users').dropColumn('role_id').execute();
  await db.schema.dropTable('roles').execute();
}
