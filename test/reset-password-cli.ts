import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bootstrapAccounts } from '../src/accounts/index.ts';
import { buildApp } from '../src/app.ts';
import { createDb, type Dialect } from '../src/db/create-db.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ADMIN_PASSWORD, buildTestApp, type TestApp, testConfig } from './harness.ts';

/**
 * A test app whose database the real `deskgate` command line can open too: a SQLite file in a
 * fresh data directory, or the run's PostgreSQL (DATABASE_URL).
 */
export async function buildAppForCli(
  dialect: Dialect,
): Promise<TestApp & { cliEnv: Record<string, string> }> {
  if (dialect === 'postgres') {
    const t = await buildTestApp('postgres');
    return { ...t, cliEnv: { DATABASE_URL: t.db.url as string } };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-cli-'));
  const db = { ...createDb({ sqlitePath: path.join(dir, 'deskgate.db') }), url: undefined };
  await migrateToLatest(db.kysely);
  await bootstrapAccounts(db.kysely, ADMIN_PASSWORD);
  const config = testConfig();
  const app = await buildApp(config, { db, logger: false });
  await app.ready();
  return {
    app,
    db,
    config,
    cliEnv: { DESKGATE_DATA_DIR: dir },
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** Runs `deskgate reset-password <username>` as an operator would and returns the new password. */
export async function resetPasswordWithCli(env: Record<string, string>, username: string): Promise<string> {
  const cli = path.resolve('src/cli.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'reset-password', username], {
    env: { ...process.env, DESKGATE_SECRET_KEY: 'b'.repeat(64), ...env, LOG_LEVEL: 'silent' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const password = /New password for "[^"]+": (\S+)/.exec(out)?.[1];
  if (code !== 0 || !password) throw new Error(`reset-password exited ${code}: ${out} ${err}`);
  return password;
}
