import type SQLite from 'better-sqlite3';
import { DbFileMissingError } from './faults.ts';

export interface StatementCacheOptions {
  /** The database file, named in the error when it is gone. */
  file: string;
  /** Whether the opened file was deleted or replaced since (create-db.ts); checked before every write. */
  fileMissing: () => boolean;
  /** Statements kept prepared (default 256). */
  size?: number;
}

/**
 * better-sqlite3 keeping its prepared statements, as the `database` of Kysely's SqliteDialect: Kysely prepares
 * every query anew, which a CPU profile showed as 3–5 % of a heartbeat flush and of an OIDC device login
 * (docs/performance.md). Reuse is safe because Kysely runs each statement to completion at once (`all`/`run`)
 * and DeskGate streams no query; SQLite re-prepares a statement itself after a schema change.
 *
 * Eviction is CLOCK (second chance), not LRU by moving each hit to the end of the Map: that delete + set on
 * every query made the Map rebuild its table every few hundred queries, and those tables lived long enough to
 * be promoted — a third of the old-generation garbage of a 100,000-device registration burst (issue 14). A hit
 * now only sets a flag.
 */
export function withStatementCache(db: SQLite.Database, o: StatementCacheOptions) {
  const size = o.size ?? 256;
  const cache = new Map<string, { stmt: SQLite.Statement; used: boolean }>();
  const evict = () => {
    // Terminates: an entry moved to the end is visited again unflagged, and then removed.
    for (const [sql, entry] of cache) {
      cache.delete(sql);
      if (!entry.used) return;
      entry.used = false;
      cache.set(sql, entry);
    }
  };
  return {
    close: () => db.close(),
    prepare(sql: string) {
      let entry = cache.get(sql);
      if (entry) entry.used = true;
      else {
        if (cache.size >= size) evict();
        entry = { stmt: db.prepare(sql), used: false };
        cache.set(sql, entry);
      }
      const { stmt } = entry;
      // One stat per writing statement (8–30 µs measured on the loaded 2-core test machine, against 130–160 µs
      // for the smallest autocommit insert): a write into a deleted file is refused, not acknowledged.
      if (!stmt.readonly && o.fileMissing()) throw new DbFileMissingError(o.file);
      return stmt;
    },
  };
}
