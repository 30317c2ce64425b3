import { chmodSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Config } from '../config.ts';
import { sqliteFile } from '../db/open-database.ts';

/**
 * The table a backup file carries besides DeskGate's own: the secret key that decrypts the secrets stored in
 * it (OIDC client secrets, 2FA seeds), so one file restores a working installation. Removed on restore.
 */
const META = '_deskgate_backup';

const ALL_PAGES = 0x7fffffff;

export class BackupError extends Error {}

/** `pg_dump` / `pg_restore` lines for a PostgreSQL installation (DeskGate does not run them itself). */
export function pgBackupAdvice(config: Config, file: string): string {
  return [
    'DeskGate stores its data in PostgreSQL (DATABASE_URL); back it up with pg_dump, which is consistent while DeskGate runs:',
    `  pg_dump --format=custom --file=${file} "$DATABASE_URL"`,
    'and restore it, with DeskGate stopped, into an empty database:',
    `  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" ${file}`,
    `Keep the secret key with it: ${config.secretKeyFileExisted ? path.join(config.dataDir, 'secret.key') : 'DESKGATE_SECRET_KEY'} (without it the stored client secrets and 2FA seeds cannot be read).`,
  ].join('\n');
}

/**
 * `deskgate backup <file>` on SQLite: a consistent copy taken with SQLite's online backup API while DeskGate keeps
 * running (writers are not blocked; pages changed during the copy are copied again), plus the secret key.
 * The file is owner-only: it holds the key.
 */
export async function backupSqlite(config: Config, file: string): Promise<{ bytes: number; tables: number }> {
  const source = sqliteFile(config);
  if (!existsSync(source))
    throw new BackupError(`There is no database at ${source} to back up (check DESKGATE_DATA_DIR).`);
  if (existsSync(file))
    throw new BackupError(`${file} already exists; choose a new file name (a backup never overwrites).`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  // Read-write although it only reads: a read-only connection cannot checkpoint, so closing it would leave the
  // -wal file behind when DeskGate is stopped (and restore takes a -wal file as "still running").
  const db = new SQLite(source, { fileMustExist: true });
  try {
    // All remaining pages in one step, inside one read transaction: a copy made in small steps restarts
    // whenever the running server writes in between, and under steady load would never finish.
    await db.backup(partial, { progress: () => ALL_PAGES });
  } finally {
    db.close();
  }
  chmodSync(partial, 0o600);
  const copy = new SQLite(partial);
  try {
    copy.pragma('journal_mode = DELETE');
    copy.exec(`create table ${META} (name text primary key, value text not null)`);
    const put = copy.prepare(`insert into ${META} (name, value) values (?, ?)`);
    put.run('secret_key', config.secretKey.toString('hex'));
    put.run('created_at', new Date().toISOString());
    const tables = copy.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as {
      n: number;
    };
    copy.close();
    renameSync(partial, file);
    return { bytes: statSync(file).size, tables: tables.n - 1 };
  } catch (err) {
    if (copy.open) copy.close();
    rmSync(partial, { force: true });
    throw err;
  }
}

/** Reads the key a backup carries, after checking the file is whole and is a DeskGate backup. */
function readBackupKey(file: string): Buffer {
  if (!existsSync(file)) throw new BackupError(`There is no backup file ${file}.`);
  let backup: SQLite.Database | undefined;
  try {
    backup = new SQLite(file, { readonly: true, fileMustExist: true });
    const check = backup.pragma('integrity_check', { simple: true });
    if (check !== 'ok')
      throw new BackupError(`${file} is damaged (SQLite integrity check: ${String(check)}).`);
    const row = backup.prepare(`select value from ${META} where name = 'secret_key'`).get() as
      | { value: string }
      | undefined;
    if (!row) throw new BackupError(`${file} is not a DeskGate backup (made by \`deskgate backup\`).`);
    return Buffer.from(row.value, 'hex');
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(
      `${file} is not a DeskGate backup: ${err instanceof Error ? err.message : String(err)}.`,
    );
  } finally {
    backup?.close();
  }
}

/**
 * `deskgate restore <file>` on SQLite, with DeskGate stopped: checks the backup, keeps the current database (and
 * key file) beside it as `*.before-restore-<time>`, puts the backup in place and its secret key in `secret.key`.
 * With DESKGATE_SECRET_KEY set instead of a key file, that key must be the backup's (or the secrets won't decrypt).
 */
export async function restoreSqlite(
  config: Config,
  file: string,
  opts: { force?: boolean } = {},
): Promise<{ previous: string | undefined }> {
  const key = readBackupKey(file);
  const target = sqliteFile(config);
  const keyFile = path.join(config.dataDir, 'secret.key');
  if (!existsSync(keyFile) && !config.secretKey.equals(key)) {
    throw new BackupError(
      'DESKGATE_SECRET_KEY differs from the key in the backup: set it to the key the backup was made with, or unset it to use the backup’s key.',
    );
  }
  // The last connection to close checkpoints and removes the -wal file: if it is still there after ours closed,
  // another process (DeskGate) has the database open.
  if (existsSync(target)) new SQLite(target).close();
  if (existsSync(`${target}-wal`) && !opts.force) {
    throw new BackupError(
      `${target} looks in use (its -wal file is there): stop DeskGate first. If it is stopped (it crashed), run restore again with --force.`,
    );
  }
  const staged = `${target}.restoring`;
  rmSync(staged, { force: true });
  const src = new SQLite(file, { readonly: true });
  try {
    await src.backup(staged, { progress: () => ALL_PAGES });
  } finally {
    src.close();
  }
  const db = new SQLite(staged);
  db.exec(`drop table ${META}`);
  db.pragma('journal_mode = WAL');
  db.close();
  chmodSync(staged, 0o600);
  const stamp = Date.now();
  const previous = existsSync(target) ? `${target}.before-restore-${stamp}` : undefined;
  if (previous) renameSync(target, previous);
  for (const side of ['-wal', '-shm']) rmSync(`${target}${side}`, { force: true });
  renameSync(staged, target);
  if (existsSync(keyFile) && !readFileSync(keyFile, 'utf8').trim().startsWith(key.toString('hex'))) {
    renameSync(keyFile, `${keyFile}.before-restore-${stamp}`);
    writeFileSync(keyFile, `${key.toString('hex')}\n`, { mode: 0o600 });
  }
  return { previous };
}
