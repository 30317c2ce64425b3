import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runDeskgate } from './deskgate-command.ts';
import { createPgSchema } from './harness.ts';

// Issue 15 §4 and §6, through the real command line: a lost database is refused instead of started empty,
// and a data directory that cannot be written is named with its cause in one line.
// Cases are independent (each has its own data directory, mount and database), so each block runs its cases
// concurrently: most of their time is process start-up.
const run = (args: string[], env: Record<string, string>) =>
  runDeskgate(args, { ...env, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' });
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'deskgate-startup-'));

/** `mount` needs CAP_SYS_ADMIN; where CI lacks it, the tmpfs cases are skipped (the others still run). */
function tryMount(args: string[]): boolean {
  return spawnSync('mount', args, { encoding: 'utf8' }).status === 0;
}
const canMount = (() => {
  const probe = tempDir();
  const ok = tryMount(['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
  if (ok) spawnSync('umount', [probe]);
  return ok;
})();

describe.concurrent('a lost database is refused at start', { timeout: 180_000 }, () => {
  it('SQLite: secret.key without deskgate.db → one line, until `migrate --init`', async () => {
    const dir = tempDir();
    const env = { DESKGATE_DATA_DIR: dir };
    expect((await run(['migrate'], env)).status).toBe(0);
    rmSync(path.join(dir, 'deskgate.db'));

    const commands = [['serve'], ['migrate'], ['reset-password', 'admin']];
    for (const refused of await Promise.all(commands.map((command) => run(command, env)))) {
      expect(refused.status).toBe(1);
      expect(refused.stdout).not.toMatch(/First start/);
      expect(refused.stderr.trim().split('\n')).toEqual([
        `DeskGate could not start: The database ${path.join(dir, 'deskgate.db')} is missing, but ${path.join(dir, 'secret.key')} is there, so DeskGate ran here before: restore deskgate.db from your backup into that directory (with DeskGate stopped), or run \`deskgate migrate --init\` to start over with an empty database.`,
      ]);
      expect(existsSync(path.join(dir, 'deskgate.db'))).toBe(false);
    }

    const init = await run(['migrate', '--init'], env);
    expect(init.status).toBe(0);
    expect(init.stdout).toMatch(/Applied: 20261124_0001_accounts/);
    expect((await run(['reset-password', 'admin'], env)).status).toBe(0);
  });

  it('SQLite: the very first start (no secret.key yet) still creates both', async () => {
    const dir = tempDir();
    const migrate = await run(['migrate'], { DESKGATE_DATA_DIR: dir });
    expect(migrate.status).toBe(0);
    expect(existsSync(path.join(dir, 'secret.key'))).toBe(true);
    expect(existsSync(path.join(dir, 'deskgate.db'))).toBe(true);
  });

  it.runIf(inject('pgUrl'))(
    'PostgreSQL: an empty database with a secret.key from before is refused',
    async () => {
      const dir = tempDir();
      const first = { DESKGATE_DATA_DIR: dir, DATABASE_URL: await createPgSchema() };
      expect((await run(['migrate'], first)).status).toBe(0); // first start: the key file is generated now
      expect((await run(['migrate'], first)).stdout).toMatch(/up to date/);

      const emptyDb = { DESKGATE_DATA_DIR: dir, DATABASE_URL: await createPgSchema() };
      const refused = await run(['serve'], emptyDb);
      expect(refused.status).toBe(1);
      expect(refused.stderr.trim()).toMatch(
        /^DeskGate could not start: The PostgreSQL database in DATABASE_URL is empty, but \S+secret\.key is there.*`deskgate migrate --init`/,
      );
      expect((await run(['migrate', '--init'], emptyDb)).status).toBe(0);

      // An explicit DESKGATE_SECRET_KEY is how multi-instance setups start: a first start cannot be told
      // from a lost database there, so it is not refused.
      const fresh = {
        DESKGATE_DATA_DIR: tempDir(),
        DATABASE_URL: await createPgSchema(),
        DESKGATE_SECRET_KEY: 'ab'.repeat(32),
      };
      expect((await run(['migrate'], fresh)).status).toBe(0);
    },
  );
});

describe.concurrent('start-up errors name the path and the cause in one line', { timeout: 180_000 }, () => {
  it('a data directory below a regular file (ENOTDIR)', async () => {
    const base = tempDir();
    writeFileSync(path.join(base, 'file'), 'not a directory');
    const dataDir = path.join(base, 'file', 'data');
    const result = await run(['serve'], { DESKGATE_DATA_DIR: dataDir });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      `DeskGate could not start: Cannot create the secret key ${dataDir}/secret.key: ${base}/file is a file, not a directory (ENOTDIR).`,
    );
  });

  it('a database path that is a directory (SQLite: unable to open database file)', async () => {
    const dir = tempDir();
    expect((await run(['migrate'], { DESKGATE_DATA_DIR: dir })).status).toBe(0);
    rmSync(path.join(dir, 'deskgate.db'));
    mkdirSync(path.join(dir, 'deskgate.db'));
    const result = await run(['serve'], { DESKGATE_DATA_DIR: dir });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(
      new RegExp(`^DeskGate could not start: Cannot open the database ${dir}/deskgate\\.db: .+\\.$`),
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  // Real faults on a tmpfs (root ignores file modes, so chmod 0500 would prove nothing in CI).
  it.runIf(canMount)('a read-only mount (EROFS), for a new and for an existing data directory', async () => {
    const mnt = tempDir();
    expect(tryMount(['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', mnt])).toBe(true);
    try {
      const fresh = await run(['serve'], { DESKGATE_DATA_DIR: path.join(mnt, 'data') });
      expect(fresh.status).toBe(1);
      expect(fresh.stderr.trim()).toBe(
        `DeskGate could not start: Cannot create the secret key ${mnt}/data/secret.key: ${mnt} is on a read-only file system (EROFS).`,
      );
    } finally {
      spawnSync('umount', [mnt]);
    }

    const dir = tempDir();
    expect((await run(['migrate'], { DESKGATE_DATA_DIR: dir })).status).toBe(0);
    expect(tryMount(['--bind', '-o', 'ro', dir, dir])).toBe(true);
    try {
      const existing = await run(['serve'], { DESKGATE_DATA_DIR: dir });
      expect(existing.status).toBe(1);
      expect(existing.stderr.trim()).toBe(
        `DeskGate could not start: Cannot open the database ${dir}/deskgate.db: ${dir}/deskgate.db is on a read-only file system (EROFS).`,
      );
    } finally {
      spawnSync('umount', [dir]);
    }
  });

  it.runIf(canMount)('a full disk (ENOSPC) instead of "disk I/O error"', async () => {
    const mnt = tempDir();
    expect(tryMount(['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt])).toBe(true);
    try {
      const env = { DESKGATE_DATA_DIR: path.join(mnt, 'data') };
      expect((await run(['migrate'], env)).status).toBe(0);
      spawnSync('dd', ['if=/dev/zero', `of=${mnt}/filler`, 'bs=4k']);
      const result = await run(['serve'], env);
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(
        `DeskGate could not start: Cannot open the database ${mnt}/data/deskgate.db: the disk holding ${mnt}/data/deskgate.db is full (ENOSPC).`,
      );
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});
