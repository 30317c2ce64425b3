import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerDevice } from '../../test/devices.ts';
import { ADMIN_PASSWORD } from '../../test/harness.ts';
import { bootstrapAccounts } from '../accounts/index.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/open-database.ts';
import { BackupError, backupSqlite, pgBackupAdvice, restoreSqlite } from './backup.ts';

const configIn = (dir: string) =>
  loadConfig({ DESKGATE_DATA_DIR: dir, LOG_LEVEL: 'silent', HOST: '127.0.0.1' });

describe('deskgate backup / restore on SQLite (issue 14)', () => {
  it('round trip under write load: every write acknowledged before the backup started is restored', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-backup-'));
    const config = configIn(dir);
    const { db } = await openDatabase(config);
    await bootstrapAccounts(db.kysely, ADMIN_PASSWORD);
    const app = await buildApp(config, { db, logger: false });
    await app.ready();
    const acknowledged: string[] = [];
    let writing = true;
    const writer = async (w: number) => {
      for (let i = 0; writing; i++) {
        await registerDevice(app, `w${w}-${i}`, Buffer.from(`uuid-${w}-${i}`).toString('base64'));
        acknowledged.push(`w${w}-${i}`);
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    const file = path.join(dir, 'backup.deskgate');
    let before: string[] = [];
    try {
      while (acknowledged.length < 200) await new Promise((r) => setTimeout(r, 10));
      before = [...acknowledged];
      await backupSqlite(config, file);
    } finally {
      writing = false;
      await Promise.all(writers);
      await app.close();
      await db.close();
    }
    expect(acknowledged.length).toBeGreaterThan(before.length); // writes went on during the backup
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await expect(backupSqlite(config, file)).rejects.toThrow(/already exists/);

    const elsewhere = mkdtempSync(path.join(tmpdir(), 'deskgate-restore-'));
    const target = configIn(elsewhere); // a new installation: its own fresh key, to be replaced by the backup's
    expect(target.secretKey.equals(config.secretKey)).toBe(false);
    await restoreSqlite(target, file);
    const restoredConfig = configIn(elsewhere);
    expect(restoredConfig.secretKey.equals(config.secretKey)).toBe(true);
    const restored = await openDatabase(restoredConfig);
    try {
      const ids = new Set(
        (await restored.db.kysely.selectFrom('devices').select('id').execute()).map((r) => r.id),
      );
      for (const id of before) expect(ids.has(id), id).toBe(true);
      for (const id of ids) expect(acknowledged).toContain(id);
      const tables = await restored.db.kysely.introspection.getTables();
      expect(tables.map((t) => t.name)).not.toContain('_deskgate_backup');
    } finally {
      await restored.db.close();
    }
    expect(existsSync(path.join(elsewhere, 'secret.key'))).toBe(true);
  });

  it('refuses to restore over a running database, a damaged file, or a file that is no backup', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-backup-'));
    const config = configIn(dir);
    const { db } = await openDatabase(config);
    try {
      const file = path.join(dir, 'b.deskgate');
      await backupSqlite(config, file);
      await expect(restoreSqlite(config, file)).rejects.toThrow(/stop DeskGate first/);
      await expect(restoreSqlite(config, path.join(dir, 'deskgate.db'), { force: true })).rejects.toThrow(
        /not a DeskGate backup/,
      );
      const garbage = path.join(dir, 'garbage');
      (await import('node:fs')).writeFileSync(garbage, 'x'.repeat(5000));
      await expect(restoreSqlite(config, garbage)).rejects.toBeInstanceOf(BackupError);
    } finally {
      await db.close();
    }
    expect(readFileSync(path.join(dir, 'secret.key'), 'utf8').trim()).toBe(config.secretKey.toString('hex'));
  });

  it('on PostgreSQL prints the pg_dump and pg_restore lines to use', () => {
    const advice = pgBackupAdvice(configIn(mkdtempSync(path.join(tmpdir(), 'deskgate-pg-'))), '/b/dump');
    expect(advice).toContain('pg_dump --format=custom --file=/b/dump "$DATABASE_URL"');
    expect(advice).toContain('pg_restore');
  });
});
