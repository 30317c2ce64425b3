import { copyFileSync, mkdtempSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/create-db.ts';
import { buildFaultApp, captureLog, createUser, expectUnavailable } from './fault-app.ts';

/*
 * Issue 15: `deskgate.db` deleted while DeskGate runs — SQLite keeps writing into the unlinked file, so writes
 * answered 201 and were gone after a restart. Now `/readyz` turns red and writes are refused with 503.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function appOnFile() {
  const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-gone-'));
  dirs.push(dir);
  const file = path.join(dir, 'deskgate.db');
  const t = await buildFaultApp(createDb({ sqlitePath: file }), captureLog());
  return { t, file };
}

describe('the SQLite database file removed while running', () => {
  it('deleted: /readyz red, writes refused with 503, reads still answer', async () => {
    const { t, file } = await appOnFile();
    try {
      expect((await createUser(t)).res.statusCode).toBe(201);
      unlinkSync(file);
      const ready = await t.app.inject('/readyz');
      expectUnavailable(ready, 'DB_FILE_MISSING');
      const write = await createUser(t);
      expectUnavailable(write.res, 'DB_FILE_MISSING');
      expect(write.res.json().error).toContain('restore it');
      const list = await t.app.inject({ url: '/api/console/users', headers: t.session.headers });
      expect(list.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('replaced by another file (a restore copied over it): writes refused too', async () => {
    const { t, file } = await appOnFile();
    try {
      copyFileSync(file, `${file}.copy`);
      renameSync(`${file}.copy`, file);
      expectUnavailable(await t.app.inject('/readyz'), 'DB_FILE_MISSING');
      expectUnavailable((await createUser(t)).res, 'DB_FILE_MISSING');
    } finally {
      await t.close();
    }
  });
});
