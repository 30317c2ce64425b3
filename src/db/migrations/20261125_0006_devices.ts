import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('devices')
    // The RustDesk ID the client reports (spec §1.4); one row per ID.
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Base64 machine UID; a heartbeat or sysinfo with the same ID but another uuid is refused.
    .addColumn('uuid', 'text', (c) => c.notNull())
    .addColumn('hostname', 'text', (c) => c.notNull().defaultTo(''))
    // The OS account signed in on the machine (sysinfo `username`), not a DeskGate user.
    .addColumn('os_username', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('os', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('cpu', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('memory', 'text', (c) => c.notNull().defaultTo(''))
    // Client version string from sysinfo, e.g. "1.4.9".
    .addColumn('version', 'text', (c) => c.notNull().defaultTo(''))
    // The DeskGate user the device is assigned to by an administrator; null until assigned.
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    // Everything else the last sysinfo carried (the preset-* keys), as JSON.
    .addColumn('sysinfo', 'text', (c) => c.notNull().defaultTo('{}'))
    // SHA-256 of the stored sysinfo: an unchanged re-upload costs no write.
    .addColumn('sysinfo_hash', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('sysinfo_at', 'bigint', (c) => c.notNull())
    .execute();
  // The one column heartbeats change, in a narrow table of its own: the once-a-second batch update
  // rewrites ~30-byte rows instead of whole device rows (several times less WAL on SQLite), and it
  // has no index on last_seen_at for the same reason — the console sorts by it with a scan instead.
  await db.schema
    .createTable('device_presence')
    .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id').onDelete('cascade'))
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('devices_user_id').on('devices').column('user_id').execute();
  // Which user is signed in on a device: looked up by device id from the devices list.
  await db.schema
    .createIndex('client_tokens_device_id')
    .on('client_tokens')
    .columns(['device_id', 'last_used_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('client_tokens_device_id').execute();
  await db.schema.dropTable('device_presence').execute();
  await db.schema.dropTable('devices').execute();
}
