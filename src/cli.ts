import { fileURLToPath } from 'node:url';
import { assertFirstAdminPassword, bootstrapAccounts } from './accounts/index.ts';
import { resetPasswordByName } from './accounts/password-change.ts';
import { runBackupCommand } from './backup/backup-command.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/open-database.ts';
import { startServer } from './main.ts';

const USAGE = `Usage: deskgate <command>

Commands:
  serve                       start the server (default)
  migrate [--init]            apply database migrations and exit; --init starts an empty database on
                              purpose although secret.key shows DeskGate ran in this data directory before
  reset-password <username>   set a new random password for a user and print it
  backup <file>               SQLite: a consistent copy of the database with its secret key, taken while
                              DeskGate runs; PostgreSQL: prints the pg_dump line to use
  restore <file> [--force]    SQLite, with DeskGate stopped: puts a backup (and its key) back in place
`;

/** `deskgate serve | migrate | reset-password <username> | backup <file> | restore <file>`. */
export async function runCli(argv: string[]): Promise<number> {
  const [command = 'serve', ...args] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const consoleDir = fileURLToPath(new URL('../console/', import.meta.url));
  const config = loadConfig(process.env, { consoleDir });
  switch (command) {
    case 'serve':
      await startServer(config);
      return -1; // keep running
    case 'migrate': {
      const unknown = args.filter((a) => a !== '--init');
      if (unknown.length > 0) {
        process.stderr.write(`Unknown option "${unknown[0]}".\n\n${USAGE}`);
        return 2;
      }
      const { db, applied } = await openDatabase(config, { init: args.includes('--init') });
      try {
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'reset-password': {
      const username = args[0];
      if (!username) {
        process.stderr.write('reset-password needs a username: deskgate reset-password admin\n');
        return 2;
      }
      const { db } = await openDatabase(config);
      try {
        await assertFirstAdminPassword(db.kysely, config.adminPassword);
        await bootstrapAccounts(db.kysely, config.adminPassword);
        // Also ends the user's console sessions and RustDesk client tokens and clears their lockout.
        const reset = await resetPasswordByName(db.kysely, username);
        if (!reset) {
          process.stderr.write(`There is no user "${username}".\n`);
          return 1;
        }
        console.log(`New password for "${reset.username}": ${reset.password}`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'backup':
    case 'restore':
      return runBackupCommand(command, args, config);
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

runCli(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof ConfigError) {
      for (const line of err.problems) process.stderr.write(`Configuration error: ${line}\n`);
      process.exit(78);
    }
    process.stderr.write(`DeskGate could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
