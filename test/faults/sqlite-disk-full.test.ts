import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/create-db.ts';
import { buildFaultApp, captureLog, createUser, expectUnavailable, waitUntil } from './fault-app.ts';

/*
 * Issue 15: a full disk answered a generic 500 with a stack trace per request, `/readyz` stayed green, and the log
 * said `cannot rollback - no transaction is active` instead of the disk-full error.
 *
 * The disk is really full: the database lives on a 4 MiB tmpfs that a filler file fills up (needs root with
 * CAP_SYS_ADMIN). Where a tmpfs cannot be mounted (an unprivileged CI container), the same SQLITE_FULL comes from
 * SQLite's own page limit (`PRAGMA max_page_count` pinned to the current size): SQLite then refuses to grow the
 * file exactly as on a full disk; only the WAL-append path of a real full disk is not exercised. The test says
 * which one it used.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-full-'));
// FAULTS_NO_TMPFS=1 runs the fallback where mounting works too.
const mounted =
  !process.env.FAULTS_NO_TMPFS &&
  spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]).status === 0;
const mode = mounted ? 'tmpfs' : 'max_page_count';
const file = path.join(dir, 'deskgate.db');
const filler = path.join(dir, 'filler');
const log = captureLog();
let t: Awaited<ReturnType<typeof buildFaultApp>>;
const acknowledged: string[] = [];

async function fillDisk(): Promise<void> {
  if (mode === 'tmpfs') {
    const fd = openSync(filler, 'w');
    const chunk = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) writeSync(fd, chunk);
    } catch {
      // ENOSPC: full
    } finally {
      closeSync(fd);
    }
  } else {
    const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(t.db.kysely);
    await sql.raw(`pragma max_page_count = ${rows[0]?.page_count}`).execute(t.db.kysely);
  }
}

async function freeDisk(): Promise<void> {
  if (mode === 'tmpfs') unlinkSync(filler);
  else await sql.raw('pragma max_page_count = 1073741823').execute(t.db.kysely);
}

beforeAll(async () => {
  console.info(`sqlite-disk-full: using ${mode}`);
  t = await buildFaultApp(createDb({ sqlitePath: file }), log);
});

afterAll(async () => {
  await t?.close();
  if (mounted) spawnSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
});

describe(`SQLite on a full disk (${mode})`, () => {
  it('answers 503 with a sentence, keeps reads working, turns /readyz red, logs once, and recovers', async () => {
    for (let i = 0; i < 3; i++) {
      const { res, username } = await createUser(t, 'n'.repeat(1500));
      expect(res.statusCode).toBe(201);
      if (username) acknowledged.push(username);
    }
    expect((await t.app.inject('/readyz')).statusCode).toBe(200);

    await fillDisk();
    // Free pages inside the file may take a few more rows; the first refused write is what a person sees.
    let refused: Awaited<ReturnType<typeof createUser>>['res'] | undefined;
    for (let i = 0; i < 2000 && !refused; i++) {
      const { res, username } = await createUser(t, 'n'.repeat(1500));
      if (username) acknowledged.push(username);
      else refused = res;
    }
    if (!refused) throw new Error('the disk never filled up');
    expectUnavailable(refused, 'STORAGE_FULL');
    expect(refused.json().error).toContain('disk is full');

    // More writes: each a 503, none logged with a stack.
    let failed = 1;
    for (let i = 0; i < 20; i++) {
      expectUnavailable((await createUser(t, 'n'.repeat(1500))).res, 'STORAGE_FULL');
      failed++;
    }
    // Reading still works.
    const list = await t.app.inject({ url: '/api/console/users?pageSize=5', headers: t.session.headers });
    expect(list.statusCode).toBe(200);
    // The load balancer sees it: not ready while writes cannot succeed.
    const ready = await t.app.inject('/readyz');
    expectUnavailable(ready, 'STORAGE_FULL');

    const started = log.find('database outage started');
    expect(started).toHaveLength(1);
    expect(started[0]?.msg).toContain('STORAGE_FULL');
    expect((started[0]?.err as { code?: string }).code).toBe('SQLITE_FULL'); // err.code is no longer redacted
    expect(log.find('unhandled error')).toHaveLength(0);
    expect(log.entries().filter((e) => JSON.stringify(e).includes('"stack"'))).toHaveLength(1);

    // Space comes back: /readyz turns green by itself (its write probe), then writes succeed again.
    await freeDisk();
    const recoveredMs = await waitUntil(async () => (await t.app.inject('/readyz')).statusCode === 200, 4000);
    console.info(`sqlite-disk-full (${mode}): /readyz green ${recoveredMs} ms after space returned`);
    const after = await createUser(t);
    expect(after.res.statusCode).toBe(201);
    if (after.username) acknowledged.push(after.username);
    const ended = log.find('database outage ended');
    expect(ended).toHaveLength(1);
    expect(ended[0]?.failedRequests).toBe(failed);
  });

  it('keeps the disk-full error of a failed transaction instead of "cannot rollback"', async () => {
    await fillDisk();
    try {
      const attempt = t.db.kysely.transaction().execute(async (trx) => {
        await trx
          .insertInto('settings')
          .values({ key: 'big', value: 'z'.repeat(1024 * 1024) })
          .execute();
      });
      await expect(attempt).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    } finally {
      await freeDisk();
    }
  });

  it('lost no acknowledged write', async () => {
    await t.close();
    const reopened = createDb({ sqlitePath: file });
    try {
      const rows = await reopened.kysely.selectFrom('users').select('username').execute();
      const stored = new Set(rows.map((r) => r.username));
      expect(acknowledged.length).toBeGreaterThan(3);
      expect(acknowledged.filter((u) => !stored.has(u))).toEqual([]);
    } finally {
      await reopened.close();
    }
  });
});
