import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // Connection, file-transfer and alarm records uploaded by RustDesk clients (spec §5.4–5.7).
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'integer', (c) =>
      isPostgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    // The GUID handed to the controlling client for its end-of-session note (§5.7): not guessable.
    .addColumn('guid', 'text', (c) => c.notNull().unique())
    // `<kind>:<device id>:<nonce>` when the client sent a nonce: a retried upload inserts nothing.
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('device_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('device_uuid', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('peer_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('peer_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('conn_id', 'integer')
    // A u64 from the client, kept as decimal text: it may exceed 2^53.
    .addColumn('session_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('type', 'integer')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note_by', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
  await db.schema
    .createIndex('audit_events_session')
    .on('audit_events')
    .columns(['device_id', 'session_id'])
    .execute();
  await db.schema.createIndex('audit_log_actor_at').on('audit_log').columns(['actor_name', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_actor_at').execute();
  await db.schema.dropTable('audit_events').execute();
}
