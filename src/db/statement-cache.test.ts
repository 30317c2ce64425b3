import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDb } from './create-db.ts';
import { DbFileMissingError } from './faults.ts';
import { withStatementCache } from './statement-cache.ts';

describe('withStatementCache', () => {
  let sqlite: SQLite.Database;
  let prepared: string[];
  beforeEach(() => {
    sqlite = new SQLite(':memory:');
    sqlite.exec('create table t (x integer)');
    prepared = [];
    const prepare = sqlite.prepare.bind(sqlite);
    vi.spyOn(sqlite, 'prepare').mockImplementation((sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    });
  });
  afterEach(() => sqlite.close());
  const cached = (size: number, fileMissing = () => false) =>
    withStatementCache(sqlite, { file: 'test.db', fileMissing, size });

  it('prepares a statement once and hands the same one out again', () => {
    const db = cached(4);
    const first = db.prepare('select 1');
    expect(db.prepare('select 1')).toBe(first);
    expect(first.all()).toEqual([{ 1: 1 }]);
    expect(prepared).toEqual(['select 1']);
  });

  it('keeps the statements used since the last eviction and evicts one that was not (second chance)', () => {
    const db = cached(3);
    for (const sql of ['select 1', 'select 2', 'select 3']) db.prepare(sql);
    db.prepare('select 1'); // used again: survives the next eviction although it is the oldest
    db.prepare('select 4'); // full: evicts 'select 2', the oldest one not used since
    prepared = [];
    for (const sql of ['select 1', 'select 3', 'select 4']) db.prepare(sql);
    expect(prepared).toEqual([]);
    db.prepare('select 2');
    expect(prepared).toEqual(['select 2']);
  });

  it('still evicts when every statement was used since (and never holds more than its size)', () => {
    const db = cached(2);
    for (const sql of ['select 1', 'select 2', 'select 1', 'select 2', 'select 3']) db.prepare(sql);
    prepared = [];
    db.prepare('select 3');
    db.prepare('select 1');
    db.prepare('select 2');
    // 'select 3' (the newest) stayed; of the other two only one fits beside it, so each was prepared once more.
    expect(prepared).toEqual(['select 1', 'select 2']);
  });

  it('refuses a write, cached or not, once the database file is gone; reads still run', () => {
    let missing = false;
    const db = cached(4, () => missing);
    db.prepare('insert into t values (1)').run();
    missing = true;
    expect(() => db.prepare('insert into t values (1)')).toThrow(DbFileMissingError);
    expect(() => db.prepare('insert into t values (2)')).toThrow(DbFileMissingError);
    expect(db.prepare('select count(*) as n from t').get()).toEqual({ n: 1 });
  });
});

describe('the SQLite database DeskGate opens', () => {
  it('keeps SQLite’s own 2 MB page cache, not better-sqlite3’s 16 MB (issue 14: the fleet’s peak RSS)', async () => {
    const db = createDb({ sqlitePath: ':memory:' });
    try {
      const rows = await sql<{ cache_size: number }>`pragma cache_size`.execute(db.kysely);
      expect(rows.rows[0]?.cache_size).toBe(-2000);
    } finally {
      await db.close();
    }
  });
});
