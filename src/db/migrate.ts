import { type Kysely, type MigrationResultSet, Migrator, PostgresAdapter, sql } from 'kysely';
import { migrations } from './migrations/index.ts';

// Any constant works; it only has to be the same in every DeskGate process.
const MIGRATION_LOCK_ID = 0x6465736b; // "desk"

/**
 * Applies every pending migration. On PostgreSQL an advisory lock serialises instances that start
 * at once — the first applies, the others wait and then find nothing to do. (Kysely's own lock row
 * is created lazily, and two first-ever starts can race on creating it.)
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter))
    return unwrap(await migratorFor(db).migrateToLatest());
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`.execute(conn);
    try {
      return unwrap(await migratorFor(conn).migrateToLatest());
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.execute(conn);
    }
  });
}

/** Rolls every migration back; used by the up → down → up test. */
export async function migrateDownAll(db: Kysely<any>): Promise<void> {
  const migrator = migratorFor(db);
  for (;;) {
    const result = unwrap(await migrator.migrateDown());
    if (result.length === 0) return;
  }
}

function migratorFor(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

function unwrap({ error, results }: MigrationResultSet): string[] {
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
