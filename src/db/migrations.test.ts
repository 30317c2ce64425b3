import { describe, expect, it } from 'vitest';
import { createTestDb, dialects } from '../../test/harness.ts';
import { migrateDownAll, migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';

describe.each(dialects())('migrations on %s', (dialect) => {
  it('run up → down → up and leave every table usable', async () => {
    const db = await createTestDb(dialect, { migrate: false });
    try {
      expect(await migrateToLatest(db.kysely)).toEqual(Object.keys(migrations).sort());
      await migrateDownAll(db.kysely);
      expect(await migrateToLatest(db.kysely)).toHaveLength(Object.keys(migrations).length);
      expect(await migrateToLatest(db.kysely)).toEqual([]);
      const rows = await db.kysely.selectFrom('users').selectAll().execute();
      expect(rows).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('apply once when two instances start at the same moment', async () => {
    if (dialect !== 'postgres') return;
    const a = await createTestDb(dialect, { migrate: false });
    const { createDb } = await import('./create-db.ts');
    const b = createDb({ databaseUrl: a.url });
    try {
      const [ra, rb] = await Promise.all([migrateToLatest(a.kysely), migrateToLatest(b.kysely)]);
      expect([...ra, ...rb].sort()).toEqual(Object.keys(migrations).sort());
    } finally {
      await a.close();
      await b.close();
    }
  });
});
