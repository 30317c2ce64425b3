import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../../src/db/create-db.ts';
import { createPgSchema } from '../harness.ts';
import { buildFaultApp, captureLog, createUser, expectUnavailable, waitUntil } from './fault-app.ts';

/*
 * Issue 15: a read-only database (a fail-over onto a standby, or `default_transaction_read_only`) answered 500.
 * The database is made read-only for real and DeskGate's sessions are terminated by the server (57P01), as a
 * fail-over does; writes then fail with SQLSTATE 25006.
 */
const log = captureLog();
let t: Awaited<ReturnType<typeof buildFaultApp>>;
let url: string;
let admin: pg.Client;
const dbName = () => new URL(url).pathname.slice(1);

async function setReadOnly(on: boolean): Promise<void> {
  await admin.query(
    on
      ? `alter database ${dbName()} set default_transaction_read_only = on`
      : `alter database ${dbName()} reset default_transaction_read_only`,
  );
  await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [dbName()]);
}

beforeAll(async () => {
  if (!inject('pgUrl')) return;
  url = await createPgSchema();
  admin = new pg.Client({ connectionString: inject('pgUrl') });
  await admin.connect();
  t = await buildFaultApp(
    createDb({ databaseUrl: url, maxConnections: 4, connectTimeoutMs: 2000, statementTimeoutMs: 3000 }),
    log,
  );
});

afterAll(async () => {
  await t?.close();
  await admin?.end();
});

describe.skipIf(!inject('pgUrl'))('PostgreSQL turned read-only under DeskGate', () => {
  it('refuses writes with 503 DB_READ_ONLY, keeps reads, /readyz red; recovers when writable again', async () => {
    expect((await createUser(t)).res.statusCode).toBe(201);
    await setReadOnly(true);

    // The terminated connections are noticed and replaced; what remains is a read-only database.
    await waitUntil(async () => (await createUser(t)).res.json().code === 'DB_READ_ONLY', 5000);
    const write = await createUser(t);
    expectUnavailable(write.res, 'DB_READ_ONLY');
    expect(write.res.json().error).toContain('read-only');
    const list = await t.app.inject({ url: '/api/console/users', headers: t.session.headers });
    expect(list.statusCode).toBe(200);
    expectUnavailable(await t.app.inject('/readyz'), 'DB_READ_ONLY');
    expect(log.find('unhandled error')).toHaveLength(0);

    await setReadOnly(false);
    await waitUntil(async () => (await createUser(t)).res.statusCode === 201, 5000);
    await waitUntil(async () => (await t.app.inject('/readyz')).statusCode === 200, 5000);
    expect(log.find('database outage ended').length).toBeGreaterThan(0);
  });
});
