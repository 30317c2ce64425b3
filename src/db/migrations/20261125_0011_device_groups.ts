import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('device_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    // Lower-cased name: uniqueness is case-insensitive on both dialects.
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // A device is in at most one device group (the primary key). A table of its own rather than a
  // column on devices: SQLite cannot drop a column that has a foreign key, so `down` stays simple.
  await db.schema
    .createTable('device_group_members')
    .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id').onDelete('cascade'))
    .addColumn('device_group_id', 'text', (c) =>
      c.notNull().references('device_groups.id').onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('device_group_members_group')
    .on('device_group_members')
    .column('device_group_id')
    .execute();
  // A device group granted to one user or to one user group (exactly one of the two is set).
  await db.schema
    .createTable('device_group_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_group_id', 'text', (c) =>
      c.notNull().references('device_groups.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.references('groups.id').onDelete('cascade'))
    .execute();
  await db.schema
    .createIndex('device_group_grants_user')
    .on('device_group_grants')
    .columns(['user_id', 'device_group_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('device_group_grants_group')
    .on('device_group_grants')
    .columns(['group_id', 'device_group_id'])
    .unique()
    .execute();
  // Members of `group_id` may access the devices assigned to members of `target_group_id`.
  await db.schema
    .createTable('group_device_access')
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('target_group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('group_device_access_pk', ['group_id', 'target_group_id'])
    .execute();
  // 1: an administrator disabled the device; it is hidden from every client listing (spec §7).
  await db.schema
    .alterTable('devices')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('devices').dropColumn('disabled').execute();
  await db.schema.dropTable('group_device_access').execute();
  await db.schema.dropTable('device_group_grants').execute();
  await db.schema.dropTable('device_group_members').execute();
  await db.schema.dropTable('device_groups').execute();
}
