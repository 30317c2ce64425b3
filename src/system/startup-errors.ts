import { accessSync, constants, existsSync, statfsSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * A start-up failure already worded for the admin: one line naming the file and the cause. The command line
 * prints its message as is (issue 15 §6: `unable to open database file` named neither).
 */
export class StartupError extends Error {}

/** Below this much free space a failed write is taken to be a full disk. */
const NEARLY_FULL_BYTES = 1024 * 1024;

/**
 * Why `target` (a file or a directory, existing or not) cannot be created or written, in words, or undefined
 * when the file system shows no reason. Looks at the nearest existing ancestor because recursive mkdir
 * reports a read-only or missing parent as a bare ENOENT.
 */
export function diagnosePath(target: string): string | undefined {
  let existing = path.resolve(target);
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  const stats = statSync(existing, { throwIfNoEntry: false });
  if (!stats) return undefined;
  if (existing !== path.resolve(target) && !stats.isDirectory()) {
    return `${existing} is a file, not a directory (ENOTDIR)`;
  }
  try {
    accessSync(existing, constants.W_OK | (stats.isDirectory() ? constants.X_OK : 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EROFS') return `${existing} is on a read-only file system (EROFS)`;
    if (code === 'EACCES' || code === 'EPERM') {
      return `the user DeskGate runs as may not write to ${existing} (${code}); give it ownership of the data directory`;
    }
  }
  try {
    const fs = statfsSync(existing);
    // root may use the blocks reserved for it; everyone else only the available ones.
    const free = (process.getuid?.() === 0 ? fs.bfree : fs.bavail) * fs.bsize;
    if (free < NEARLY_FULL_BYTES) return `the disk holding ${existing} is full (ENOSPC)`;
  } catch {
    // statfs is not available everywhere (e.g. some network file systems); nothing more to say then.
  }
  return undefined;
}

const SQLITE_CAUSES: [RegExp, string][] = [
  [/^SQLITE_(FULL|IOERR)/, 'the disk is full or failing (disk I/O error)'],
  [/^SQLITE_READONLY/, 'the file is read-only'],
  [
    /^SQLITE_(NOTADB|CORRUPT)/,
    'the file is not a DeskGate database or is damaged; restore it from your backup',
  ],
  [/^SQLITE_CANTOPEN/, 'SQLite cannot open it (unable to open database file)'],
  [/^SQLITE_BUSY/, 'another program holds it locked'],
];

const FS_CAUSES: Record<string, string> = {
  EROFS: 'the file system is read-only (EROFS)',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'permission denied (EPERM)',
  ENOTDIR: 'a part of the path is a file, not a directory (ENOTDIR)',
  EISDIR: 'it is a directory, not a file (EISDIR)',
  ENOSPC: 'the disk is full (ENOSPC)',
  EDQUOT: 'the disk quota is used up (EDQUOT)',
  ENOENT: 'a directory on the path does not exist (ENOENT)',
};

/** The cause of a file-system or SQLite error on `target`, in words (a diagnosis of the disk first). */
export function describeFileError(err: unknown, target: string): string {
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  const diagnosis = diagnosePath(target) ?? diagnosePath(path.dirname(target));
  if (diagnosis) return diagnosis;
  const known = FS_CAUSES[code] ?? SQLITE_CAUSES.find(([re]) => re.test(code))?.[1];
  const message = err instanceof Error ? err.message : String(err);
  return known ?? message;
}

/**
 * Maps a failure while opening, migrating or first writing the SQLite database to a {@link StartupError} that
 * names the file; anything that is not a file or SQLite error is returned unchanged.
 */
export function toStartupError(err: unknown, file: string): unknown {
  if (err instanceof StartupError) return err;
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  const isFileError = code.startsWith('SQLITE_') || (code in FS_CAUSES && typeof err === 'object');
  if (!isFileError) return err;
  return new StartupError(`Cannot open the database ${file}: ${describeFileError(err, file)}.`);
}
