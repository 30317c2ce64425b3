import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from './create-db.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';

// The heartbeat p99 (docs/performance.md): SQLite's automatic checkpoint ran inside the COMMIT that crossed
// 1,000 WAL pages, on the event loop, fsyncs included. These tests show where the copy into the database file
// happens: never in the writer's COMMIT while the worker runs, in the worker soon after, and in the COMMIT
// again when the worker is gone.

const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-wal-'));
  dirs.push(dir);
  return path.join(dir, 'deskgate.db');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** One transaction of ≈ 1,500 pages (4 KiB each), past the 1,000-page automatic checkpoint. */
const writeManyPages = (sqlite: SQLite.Database) => {
  const insert = sqlite.prepare('insert into filler (data) values (?)');
  sqlite.transaction(() => {
    for (let i = 0; i < 1500; i++) insert.run('x'.repeat(3800));
  })();
};

const open = (file: string) => {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec('create table filler (id integer primary key, data text)');
  return sqlite;
};

describe('WAL checkpoints in a worker thread', () => {
  it('the writer’s COMMIT no longer copies the WAL into the database file; the worker does, soon after', async () => {
    const file = tempFile();
    const sqlite = open(file);
    const checkpointer = startWalCheckpointer(sqlite, file, 200);
    await checkpointer.ready;
    expect(checkpointer.stats().running).toBe(true);
    const before = statSync(file).size;
    const checkpointsBefore = checkpointer.stats().checkpoints;
    writeManyPages(sqlite);
    // A checkpoint inside the COMMIT (the old behaviour) would have grown the file by ≈ 6 MB already. The
    // worker may run between the COMMIT and this line, so only a worker checkpoint may explain a growth.
    const grewInCommit =
      statSync(file).size > before && checkpointer.stats().checkpoints === checkpointsBefore;
    expect(grewInCommit).toBe(false);
    await expect.poll(() => statSync(file).size).toBeGreaterThan(before + 5_000_000);
    await checkpointer.stop();
    sqlite.close();
  });

  it('without the worker, SQLite’s own automatic checkpoint is what copies (the control case)', () => {
    const file = tempFile();
    const sqlite = open(file);
    const before = statSync(file).size;
    writeManyPages(sqlite);
    expect(statSync(file).size).toBeGreaterThan(before + 5_000_000);
    sqlite.close();
  });

  it('turns the automatic checkpoint back on when the worker cannot run, so the WAL never grows unbounded', async () => {
    const file = tempFile();
    const sqlite = open(file);
    const checkpointer = startWalCheckpointer(sqlite, path.join(path.dirname(file), 'gone', 'x.db'), 200);
    await checkpointer.ready;
    expect(checkpointer.stats().running).toBe(false);
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    const before = statSync(file).size;
    writeManyPages(sqlite);
    expect(statSync(file).size).toBeGreaterThan(before + 5_000_000);
    await checkpointer.stop();
    sqlite.close();
  });

  it('createDb with backgroundCheckpoint stops the worker on close and leaves no WAL behind', async () => {
    const file = tempFile();
    const db = createDb({ sqlitePath: file, backgroundCheckpoint: true });
    await db.checkpointer?.ready;
    expect(db.checkpointer?.stats().running).toBe(true);
    await db.close();
    expect(statSync(`${file}-wal`, { throwIfNoEntry: false })).toBeUndefined();
  });
});
