import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type LogEvent, PostgresDialect, SqliteDialect } from 'kysely';
import { metrics } from '../metrics/metrics.ts';
import { guardDialect } from './guarded-driver.ts';
import { OutageTracker } from './outage.ts';
import { loadPg } from './pg-module.ts';
import { createPgPool, type PoolStats } from './pg-pool.ts';
import type { Database } from './schema.ts';
import { withStatementCache } from './statement-cache.ts';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.ts';

export type Dialect = 'sqlite' | 'postgres';

/** A database handle plus what the rest of the code needs to know about it. */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  /** Outages seen by this process (one warning each), and whether writes currently fail. */
  readonly outage: OutageTracker;
  /** SQLite: the opened file was deleted or replaced since (writes would go to an unlinked file). */
  fileMissing(): boolean;
  /** PostgreSQL: the pool's connections (for the metrics); undefined on SQLite. */
  readonly pool?: (() => PoolStats) | undefined;
  /** SQLite with `backgroundCheckpoint`: the worker that copies the WAL into the database file. */
  readonly checkpointer?: WalCheckpointer | undefined;
  close(): Promise<void>;
}

export interface DbOptions {
  /** `postgres://…`; when absent, SQLite. */
  databaseUrl?: string | undefined;
  /** SQLite file, or `:memory:`. */
  sqlitePath?: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
  /** PostgreSQL: opening a connection or waiting for a free one (default 5 s). */
  connectTimeoutMs?: number;
  /** PostgreSQL: longest statement (default 15 s). */
  statementTimeoutMs?: number;
  /**
   * SQLite file: checkpoint the WAL from a worker thread instead of inside the COMMIT that crosses 1,000 pages
   * (the server; CLI commands keep SQLite's default, see wal-checkpointer.ts).
   */
  backgroundCheckpoint?: boolean;
}

/** Every statement's latency goes to the metrics (Kysely times it either way). */
const observeQuery = (event: LogEvent) =>
  metrics.observeQuery(event.queryDurationMillis / 1000, event.level === 'query');

/** Opens SQLite (WAL mode) or PostgreSQL behind one Kysely type. */
export function createDb(options: DbOptions): Db {
  const outage = new OutageTracker();
  if (options.databaseUrl) {
    // PostgreSQL returns int8 (our epoch-ms columns, count(*)) as strings to avoid precision loss;
    // every value we store fits in a double, so numbers are what the code expects on both dialects.
    loadPg().types.setTypeParser(20, (v) => Number(v));
    const pool = createPgPool({
      url: options.databaseUrl,
      max: options.maxConnections ?? 10,
      connectTimeoutMs: options.connectTimeoutMs ?? 5000,
      statementTimeoutMs: options.statementTimeoutMs ?? 15_000,
    });
    const kysely = new Kysely<Database>({
      dialect: guardDialect(new PostgresDialect({ pool }), outage),
      log: observeQuery,
    });
    const close = () => kysely.destroy();
    return { kysely, dialect: 'postgres', outage, fileMissing: () => false, pool: pool.stats, close };
  }
  const file = options.sqlitePath ?? ':memory:';
  if (file !== ':memory:') prepareOwnerOnlyFiles(file);
  const sqlite = new SQLite(file);
  const fileMissing = file === ':memory:' ? () => false : watchFile(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's own default page cache (2 MB) instead of better-sqlite3's 16 MB: a fleet of 100,000 devices filled
  // all 16 of it, ≈ 14 MB of the peak RSS (issue 14). The pages stay in the kernel's file cache, so a miss
  // costs a read from memory, not a disk seek (docs/performance.md, sixth pass).
  sqlite.pragma('cache_size = -2000');
  const kysely = new Kysely<Database>({
    dialect: guardDialect(
      new SqliteDialect({ database: withStatementCache(sqlite, { file, fileMissing }) }),
      outage,
      () => sqlite.inTransaction,
    ),
    log: observeQuery,
  });
  const checkpointer =
    options.backgroundCheckpoint && file !== ':memory:' ? startWalCheckpointer(sqlite, file) : undefined;
  const close = async () => {
    await checkpointer?.stop(); // first: the last connection to close checkpoints and removes the WAL
    await kysely.destroy();
  };
  return { kysely, dialect: 'sqlite', outage, fileMissing, checkpointer, close };
}

/**
 * Whether the file opened at `file` is still there. SQLite keeps writing into a file that was unlinked (or
 * renamed over) while open, so every acknowledged write would vanish at the next start (issue 15); the inode
 * tells the file we opened from a new one at the same path.
 */
function watchFile(file: string): () => boolean {
  const opened = statSync(file);
  return () => {
    const now = statSync(file, { throwIfNoEntry: false });
    return !now || now.ino !== opened.ino || now.dev !== opened.dev;
  };
}

/**
 * The data directory 0700 and the database 0600 (issue 9 §6): they hold password hashes, sessions and sealed
 * secrets. SQLite creates `-wal` and `-shm` with the mode of the database file, so creating that file 0600
 * (or tightening an existing 0644 one from an older version) covers all three; the stray sidecars of an older
 * version are tightened too. An existing directory is left as the admin made it.
 */
function prepareOwnerOnlyFiles(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // An empty file is a valid empty SQLite database; 'a' creates it without truncating an existing one.
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    const stats = statSync(f, { throwIfNoEntry: false });
    try {
      if (stats && (stats.mode & 0o077) !== 0) chmodSync(f, stats.mode & 0o700);
    } catch {
      // Not the owner (an admin running the CLI as another user): tightening is best effort, opening is not.
    }
  }
}
