import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

// Issue 9 §6: the data directory was 0755 and deskgate.db 0644, so any local account could copy the password
// hashes, sessions and sealed secrets. Attack: another user reads the files while DeskGate runs.
const CLI = path.resolve('src/cli.ts');
const mode = (file: string) => statSync(file).mode & 0o777;

async function whileServing(dataDir: string, check: () => void): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
    env: { ...process.env, DESKGATE_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const deadline = Date.now() + 30_000;
    while (!out.includes('Storage:') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(out).toMatch(/Storage:/);
    check();
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

it('creates the data directory 0700 and the key and database files (with -wal and -shm) 0600', {
  timeout: 120_000,
}, async () => {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'deskgate-perm-')), 'data');
  await whileServing(dataDir, () => {
    expect(mode(dataDir).toString(8)).toBe('700');
    for (const f of ['secret.key', 'deskgate.db', 'deskgate.db-wal', 'deskgate.db-shm']) {
      expect([f, mode(path.join(dataDir, f)).toString(8)]).toEqual([f, '600']);
    }
  });
});

it('tightens the database files an older version left readable by everyone', {
  timeout: 120_000,
}, async () => {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'deskgate-perm-')), 'data');
  await whileServing(dataDir, () => {});
  chmodSync(path.join(dataDir, 'deskgate.db'), 0o644);
  await whileServing(dataDir, () => {
    for (const f of ['deskgate.db', 'deskgate.db-wal', 'deskgate.db-shm']) {
      expect([f, mode(path.join(dataDir, f)).toString(8)]).toEqual([f, '600']);
    }
  });
});
