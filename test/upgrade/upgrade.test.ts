import { readFileSync } from 'node:fs';
import { type Kysely, Migrator, PostgresAdapter, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { clientSecretOf, findProviderByName } from '../../src/sso/providers.repo.ts';
import { createTestDb, dialects, signIn, testConfig } from '../harness.ts';
import { FIRST_RELEASE_KEY, FIRST_RELEASE_MIGRATIONS } from './first-release.ts';

type Row = Record<string, unknown>;
const fixture = JSON.parse(readFileSync(new URL('./first-release.json', import.meta.url), 'utf8')) as {
  migrations: string[];
  tables: Record<string, Row[]>;
};

/** Builds the first release's database: its migrations only, then its rows (tables in creation order). */
async function buildFirstRelease(db: Kysely<any>): Promise<void> {
  const firstRelease = Object.fromEntries(FIRST_RELEASE_MIGRATIONS.map((name) => [name, migrations[name]]));
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: async () => firstRelease as typeof migrations },
  }).migrateToLatest();
  if (error) throw error;
  for (const [table, rows] of Object.entries(fixture.tables)) {
    if (rows.length > 0) await db.insertInto(table).values(rows).execute();
  }
  // PostgreSQL: rows inserted with their ids leave the id sequences behind (pg_dump's restore sets them).
  if (dialectOf(db) === 'postgres') {
    const serials = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and (column_default like 'nextval%' or is_identity = 'YES')`.execute(
      db,
    );
    for (const { table_name, column_name } of serials.rows) {
      await sql`select setval(pg_get_serial_sequence(${table_name}, ${column_name}), coalesce((select max(${sql.ref(column_name)}) from ${sql.table(table_name)}), 0) + 1, false)`.execute(
        db,
      );
    }
  }
}

const dialectOf = (db: Kysely<any>) =>
  db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';

/** The fixture rows of `table` that no row of the upgraded table matches on every column the fixture had. */
function missingRows(table: string, upgraded: Row[]): Row[] {
  return (fixture.tables[table] ?? []).filter(
    (row) => !upgraded.some((u) => Object.entries(row).every(([col, v]) => !(col in u) || u[col] === v)),
  );
}

describe.each(dialects())('upgrade from the first release on %s (issue 14)', (dialect) => {
  it('migrates the first release’s database to the current schema and keeps every row', async () => {
    expect(fixture.migrations).toEqual(FIRST_RELEASE_MIGRATIONS);
    const db = await createTestDb(dialect, { migrate: false });
    try {
      await buildFirstRelease(db.kysely);
      const applied = await migrateToLatest(db.kysely);
      // Every migration written after the first release (other branches add theirs) runs on real data.
      expect(applied).toEqual(
        Object.keys(migrations)
          .filter((m) => !FIRST_RELEASE_MIGRATIONS.includes(m))
          .sort(),
      );
      let rows = 0;
      for (const table of Object.keys(fixture.tables)) {
        const upgraded = (await sql<Row>`select * from ${sql.table(table)}`.execute(db.kysely)).rows;
        for (const col of Object.keys(fixture.tables[table]?.[0] ?? {})) {
          // A column dropped or renamed by a migration shows here; a new column is fine.
          if (upgraded[0]) expect(Object.keys(upgraded[0]), `${table}.${col}`).toContain(col);
        }
        expect(missingRows(table, upgraded), table).toEqual([]);
        rows += fixture.tables[table]?.length ?? 0;
      }
      expect(rows).toBeGreaterThan(50);

      // And the upgraded installation works: the first admin signs in, the sealed client secret still opens.
      const config = testConfig({ secretKey: Buffer.from(FIRST_RELEASE_KEY, 'hex') });
      const app = await buildApp(config, { db, logger: false });
      try {
        const admin = await signIn(app);
        const devices = await app.inject({ url: '/api/console/devices', headers: admin.headers });
        expect(devices.statusCode).toBe(200);
        expect(devices.json().total).toBe(fixture.tables.devices?.length);
        const provider = await findProviderByName(db.kysely, 'entra');
        expect(provider && clientSecretOf(provider, config.secretKey)).toBe('first-release-client-secret');
      } finally {
        await app.close();
      }
    } finally {
      await db.close();
    }
  });
});
