import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialects } from '../../test/harness.ts';
import { compiledQuery } from './compiled-query.ts';
import type { Db } from './create-db.ts';

const row = (key: string, value: string) => ({ key, value });
const insertSetting = compiledQuery((db, r: { key: string; value: string }) =>
  db.insertInto('settings').values(r),
);
const findSetting = compiledQuery((db, key: string) =>
  db.selectFrom('settings').select('value').where('key', '=', key),
);
// A constant in the query stays as compiled; only the arguments change.
const renameUnless = compiledQuery((db, key: string, value: string) =>
  db.updateTable('settings').set({ value }).where('key', '=', key).where('value', '!=', 'frozen'),
);

describe.each(dialects())('compiledQuery on %s', (dialect) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => db.close());

  it('runs the compiled statement with each call’s own values', async () => {
    await insertSetting(db.kysely, row('cq.a', 'one'));
    await insertSetting(db.kysely, row('cq.b', 'two'));
    expect((await findSetting(db.kysely, 'cq.a')).rows).toEqual([{ value: 'one' }]);
    expect((await findSetting(db.kysely, 'cq.b')).rows).toEqual([{ value: 'two' }]);
    expect((await findSetting(db.kysely, 'cq.none')).rows).toEqual([]);
    expect((await renameUnless(db.kysely, 'cq.a', 'uno')).numAffectedRows).toBe(1n);
    await renameUnless(db.kysely, 'cq.b', 'frozen');
    expect((await renameUnless(db.kysely, 'cq.b', 'dos')).numAffectedRows).toBe(0n);
    expect((await findSetting(db.kysely, 'cq.a')).rows).toEqual([{ value: 'uno' }]);
  });

  it('runs inside a transaction, which rolls it back', async () => {
    await db.kysely
      .transaction()
      .execute(async (trx) => {
        await insertSetting(trx, row('cq.trx', 'x'));
        expect((await findSetting(trx, 'cq.trx')).rows).toEqual([{ value: 'x' }]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect((await findSetting(db.kysely, 'cq.trx')).rows).toEqual([]);
  });

  it('refuses an argument that would shape the SQL, or is unused, or a row with other fields', async () => {
    const shaping = compiledQuery((d, table: string) => d.selectFrom(table as 'settings').select('value'));
    await expect(shaping(db.kysely, 'settings')).rejects.toThrow(/shapes the SQL/);
    const unused = compiledQuery((d, _key: string) => d.selectFrom('settings').select('value'));
    await expect(unused(db.kysely, 'x')).rejects.toThrow(/not a parameter/);
    await expect(
      insertSetting(db.kysely, { key: 'cq.c' } as unknown as { key: string; value: string }),
    ).rejects.toThrow(/other fields/);
  });
});
