import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

export async function up(db: Kysely<any>): Promise<void> {
  // A named set of RustDesk client options (spec §5.1 `config_options`), JSON object of strings.
  await db.schema
    .createTable('strategies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // One strategy per target; target_type 'device' | 'user' | 'device-group'. No foreign key on the
  // polymorphic target: rows of a deleted target are ignored and removed when the target goes.
  await db.schema
    .createTable('strategy_assignments')
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('strategy_assignments_pk', ['target_type', 'target_id'])
    .execute();
  await db.schema
    .createIndex('strategy_assignments_strategy')
    .on('strategy_assignments')
    .column('strategy_id')
    .execute();
  // A single row whose counter orders every change the heartbeat mirrors poll for (src/strategies/fleet-sync.ts).
  await db.schema
    .createTable('fleet_revision')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('rev', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('fleet_revision').values({ id: 1, rev: 0 }).execute();
  // The effective strategy of each device, computed when something it depends on changes.
  await db.schema
    .createTable('device_strategy_state')
    .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id').onDelete('cascade'))
    .addColumn('strategy_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('modified_at', 'bigint', (c) => c.notNull())
    .addColumn('applied_at', 'bigint')
    .addColumn('rev', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('device_strategy_state_rev')
    .on('device_strategy_state')
    .column('rev')
    .execute();
  // Connection ids an administrator asked a device to close (spec §5.1 `disconnect`).
  await db.schema
    .createTable('device_disconnects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('conn_id', 'integer', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('rev', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('device_disconnects_rev').on('device_disconnects').column('rev').execute();
  // The alive connection ids a device last reported in its heartbeat `conns`.
  await db.schema
    .createTable('device_conns')
    .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id').onDelete('cascade'))
    .addColumn('conns', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('device_conns').execute();
  await db.schema.dropTable('device_disconnects').execute();
  await db.schema.dropTable('device_strategy_state').execute();
  await db.schema.dropTable('fleet_revision').execute();
  await db.schema.dropTable('strategy_assignments').execute();
  await db.schema.dropTable('strategies').execute();
}
