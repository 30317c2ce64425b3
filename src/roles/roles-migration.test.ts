import { type Kysely, Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDb, dialects } from '../../test/harness.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { migrations } from '../db/migrations/index.ts';

const ROLES_MIGRATION = '20261203_0151_roles';

describe.each(dialects())('roles migration on %s', (dialect) => {
  it('makes every administrator an Administrator and everyone else a plain user', async () => {
    const db = await createTestDb(dialect, { migrate: false });
    try {
      const names = Object.keys(migrations).sort();
      const before = names[names.indexOf(ROLES_MIGRATION) - 1] as string;
      const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      const k = db.kysely as unknown as Kysely<any>;
      await k
        .insertInto('groups')
        .values({ id: 'g', name: 'Default', name_key: 'default', note: '', is_default: 1, created_at: 0 })
        .execute();
      const user = (id: string, isAdmin: number) => ({
        id,
        username: id,
        username_key: id,
        display_name: '',
        email: '',
        note: '',
        status: 1,
        is_admin: isAdmin,
        group_id: 'g',
        password_hash: null,
        created_at: 0,
        last_login_at: null,
      });
      await k
        .insertInto('users')
        .values([user('boss', 1), user('worker', 0)])
        .execute();
      await migrateToLatest(db.kysely);
      const rows = await db.kysely.selectFrom('users').select(['id', 'role_id']).orderBy('id').execute();
      expect(rows).toEqual([
        { id: 'boss', role_id: 'administrator' },
        { id: 'worker', role_id: null },
      ]);
    } finally {
      await db.close();
    }
  });
});
