import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import { StartupError, toStartupError } from '../system/startup-errors.ts';
import { createDb, type Db } from './create-db.ts';
import { migrateToLatest } from './migrate.ts';

export interface OpenOptions {
  /**
   * `deskgate migrate --init`: the admin means to start with an empty database although `secret.key` shows
   * DeskGate ran with this data directory before.
   */
  init?: boolean;
  /** The server: SQLite's WAL checkpoints run in a worker thread (create-db.ts). */
  backgroundCheckpoint?: boolean;
}

/** The SQLite file in the data directory. */
export function sqliteFile(config: Config): string {
  return path.join(config.dataDir, 'deskgate.db');
}

/**
 * Opens the configured database (PostgreSQL when DATABASE_URL is set, else SQLite in the data dir) and applies
 * pending migrations (returned by name). Refuses, in one line, a database that is gone while `secret.key` shows DeskGate ran here
 * before (issue 15 §4: it used to start empty and print "First start…"), and names the file and the cause
 * when SQLite cannot be opened (§6).
 */
export async function openDatabase(
  config: Config,
  options: OpenOptions = {},
): Promise<{ db: Db; applied: string[] }> {
  const file = sqliteFile(config);
  const keyFile = path.join(config.dataDir, 'secret.key');
  const refuse = !options.init && config.secretKeyFileExisted;
  if (!config.databaseUrl && refuse && !existsSync(file)) {
    throw new StartupError(
      `The database ${file} is missing, but ${keyFile} is there, so DeskGate ran here before: restore ` +
        'deskgate.db from your backup into that directory (with DeskGate stopped), or run ' +
        '`deskgate migrate --init` to start over with an empty database.',
    );
  }
  let db: Db | undefined;
  try {
    db = createDb({
      databaseUrl: config.databaseUrl,
      sqlitePath: file,
      connectTimeoutMs: config.dbConnectTimeoutMs,
      statementTimeoutMs: config.dbStatementTimeoutMs,
      backgroundCheckpoint: options.backgroundCheckpoint,
    });
    if (db.dialect === 'postgres' && refuse && !(await hasMigrations(db))) {
      throw new StartupError(
        `The PostgreSQL database in DATABASE_URL is empty, but ${keyFile} is there, so DeskGate ran here ` +
          'before: check that DATABASE_URL names DeskGate’s database or restore it from your backup, or run ' +
          '`deskgate migrate --init` to start over with an empty database.',
      );
    }
    return { db, applied: await migrateToLatest(db.kysely) };
  } catch (err) {
    await db?.close().catch(() => {});
    throw db?.dialect === 'postgres' ? err : toStartupError(err, file);
  }
}

/** Whether DeskGate's migrations ever ran in this PostgreSQL database (search_path decides the schema). */
async function hasMigrations(db: Db): Promise<boolean> {
  const { rows } = await sql<{
    present: boolean;
  }>`select to_regclass('kysely_migration') is not null as present`.execute(db.kysely);
  return rows[0]?.present === true;
}
