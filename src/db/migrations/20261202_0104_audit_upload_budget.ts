import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

export async function up(db: Kysely<any>): Promise<void> {
  // How many audit records a registered device uploaded in the current one-minute window (spec §5.4–5.6
  // uploads carry no credential): one row per device, counted by an atomic upsert, so every instance
  // sharing the database enforces the same budget. Removed with its device.
  await db.schema
    .createTable('audit_upload_budget')
    .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id').onDelete('cascade'))
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_upload_budget').execute();
}
