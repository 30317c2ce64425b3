import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientLogin } from '../../test/address-books.ts';
import { ADMIN_PASSWORD, createTestDb, dialects, type TestApp, testConfig } from '../../test/harness.ts';
import { bootstrapAccounts } from '../accounts/index.ts';
import { buildApp } from '../app.ts';

const DEVICE = { id: '111222333', uuid: Buffer.from('uuid-111222333').toString('base64') };
const MINUTE = 60_000;

/**
 * Issue 15 item 3: client reads failed on a full disk because every call wrote `last_used_at`. The
 * write now happens at most every 5 minutes and is best effort. The fault is a real one: a trigger
 * makes the database refuse every update of client_tokens, as a full disk refuses every write.
 */
describe.each(dialects())('client token bookkeeping on %s', (dialect) => {
  let t: TestApp;
  let token: string;
  const logs: Array<{ level: number; msg: string }> = [];
  beforeAll(async () => {
    const db = await createTestDb(dialect);
    await bootstrapAccounts(db.kysely, ADMIN_PASSWORD);
    const config = testConfig();
    const stream = new Writable({
      write(chunk, _enc, done) {
        logs.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const app = await buildApp(config, { db, logger: { level: 'warn', stream } });
    await app.ready();
    t = { app, db, config, close: async () => (await app.close(), await db.close()) };
    token = await clientLogin(t.app, 'admin', ADMIN_PASSWORD, DEVICE.id);
  });
  afterAll(async () => t.close());

  const read = () =>
    t.app.inject({
      method: 'POST',
      url: '/api/currentUser',
      headers: { authorization: `Bearer ${token}` },
      payload: DEVICE,
    });
  const lastUsed = async () =>
    (await t.db.kysely.selectFrom('client_tokens').select('last_used_at').executeTakeFirstOrThrow())
      .last_used_at;
  const setLastUsed = (at: number) =>
    t.db.kysely.updateTable('client_tokens').set({ last_used_at: at }).execute();

  it('does not write when the token was used in the last few minutes', async () => {
    const recent = Date.now() - MINUTE;
    await setLastUsed(recent);
    expect((await read()).statusCode).toBe(200);
    expect(await lastUsed()).toBe(recent);
  });

  it('records the use (and slides the expiry) when the last record is older', async () => {
    await setLastUsed(Date.now() - 10 * MINUTE);
    const before = Date.now();
    expect((await read()).statusCode).toBe(200);
    expect(await lastUsed()).toBeGreaterThanOrEqual(before);
  });

  it('answers reads when the write fails, and warns once, not per request', async () => {
    await setLastUsed(Date.now() - 10 * MINUTE);
    await refuseTokenWrites();
    try {
      for (let i = 0; i < 3; i++) {
        const res = await read();
        expect(res.statusCode).toBe(200);
        expect(res.json().name).toBe('admin');
      }
      const ab = await t.app.inject({
        method: 'POST',
        url: '/api/ab/personal',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(ab.statusCode).toBe(200);
      const warnings = logs.filter((l) => l.level === 40 && /client token/.test(l.msg));
      expect(warnings).toHaveLength(1);
    } finally {
      await allowTokenWrites();
    }
  });

  async function refuseTokenWrites() {
    if (dialect === 'sqlite') {
      await sql`create trigger refuse_token_writes before update on client_tokens
        begin select raise(abort, 'database or disk is full'); end`.execute(t.db.kysely);
      return;
    }
    await sql`create function refuse_token_writes() returns trigger language plpgsql as $$
        begin raise exception 'could not extend file: No space left on device'; end $$`.execute(t.db.kysely);
    await sql`create trigger refuse_token_writes before update on client_tokens
        for each row execute function refuse_token_writes()`.execute(t.db.kysely);
  }

  async function allowTokenWrites() {
    if (dialect === 'sqlite') {
      await sql`drop trigger refuse_token_writes`.execute(t.db.kysely);
      return;
    }
    await sql`drop trigger refuse_token_writes on client_tokens`.execute(t.db.kysely);
    await sql`drop function refuse_token_writes()`.execute(t.db.kysely);
  }
});
