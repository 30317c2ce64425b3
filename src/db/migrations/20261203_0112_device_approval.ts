import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

export async function up(db: Kysely<any>): Promise<void> {
  // 1: registered while "New devices need approval" was on and not approved yet; hidden from every client listing.
  await db.schema
    .alterTable('devices')
    .addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // A device ID an administrator registered before the device ever connected: applied at its first sysinfo.
  await db.schema
    .createTable('device_preregistrations')
    .addColumn('device_id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('device_group_id', 'text', (c) => c.references('device_groups.id').onDelete('set null'))
    .addColumn('strategy_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('device_preregistrations').execute();
  await db.schema.alterTable('devices').dropColumn('pending').execute();
}
