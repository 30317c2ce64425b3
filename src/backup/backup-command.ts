import path from 'node:path';
import type { Config } from '../config.ts';
import { BackupError, backupSqlite, pgBackupAdvice, restoreSqlite } from './backup.ts';

/** `deskgate backup <file>` and `deskgate restore <file> [--force]`; returns the exit code. */
export async function runBackupCommand(
  command: 'backup' | 'restore',
  args: string[],
  config: Config,
): Promise<number> {
  const files = args.filter((a) => a !== '--force');
  const file = files[0];
  if (!file || files.length > 1 || (command === 'backup' && args.includes('--force'))) {
    process.stderr.write(`Usage: deskgate ${command} <file>${command === 'restore' ? ' [--force]' : ''}\n`);
    return 2;
  }
  const target = path.resolve(file);
  if (config.databaseUrl) {
    console.log(pgBackupAdvice(config, target));
    return command === 'backup' ? 0 : 1;
  }
  try {
    if (command === 'backup') {
      const { bytes } = await backupSqlite(config, target);
      console.log(
        `Backed up to ${target} (${Math.round(bytes / 1024)} KB, with the secret key: keep it as safe as the key itself).`,
      );
    } else {
      const { previous } = await restoreSqlite(config, target, { force: args.includes('--force') });
      console.log(
        `Restored ${target} into ${config.dataDir}.${previous ? ` The database it replaced is kept as ${previous}.` : ''} Start DeskGate again.`,
      );
    }
    return 0;
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
}
