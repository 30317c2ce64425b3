import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../../test/devices.ts';
import { buildSecondInstance, buildTestApp, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { recordAudit } from './audit.ts';
import { csvCell } from './csv.ts';
import { pruneAuditLogDaily } from './retention.ts';

const DAY = 24 * 60 * 60 * 1000;

describe('CSV cells', () => {
  it('quotes every cell, doubles quotes and defuses formulas', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    for (const f of ['=1+2', '+1', '-1', '@SUM(A1)', '\t=x', '\r=x']) expect(csvCell(f)).toBe(`"'${f}"`);
    expect(csvCell(null)).toBe('""');
    expect(csvCell(42)).toBe('"42"');
  });
});

describe.each(dialects())('console audit log on %s', (dialect) => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    admin = await signIn(t.app);
  });
  afterAll(async () => t.close());
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: admin.headers });

  it('filters the trail by time, user, action and device, with server-side pagination', async () => {
    const db = t.db.kysely;
    const alice = { id: 'u-alice', name: 'alice', ip: '10.0.0.1' };
    for (let i = 0; i < 7; i++) await recordAudit(db, alice, 'user.update', `user-${i}`);
    await recordAudit(db, alice, 'device.assign', '123456789', { user: 'bob' });
    await recordAudit(db, { id: null, name: 'bob_x', ip: '10.0.0.2' }, 'sso.login.failure', '', {});
    await recordAudit(db, { id: null, name: '%', ip: '' }, 'usercreate', 'x');

    const page1 = (await get('/api/console/audit/trail?user=alice&action=user&pageSize=5')).json();
    expect(page1.total).toBe(7);
    expect(page1.items).toHaveLength(5);
    expect(page1.items[0]).toMatchObject({
      actorName: 'alice',
      action: 'user.update',
      target: 'user-6',
      ip: '10.0.0.1',
    });
    const page2 = (await get('/api/console/audit/trail?user=alice&action=user.&pageSize=5&page=2')).json();
    expect(page2.items.map((e: { target: string }) => e.target)).toEqual(['user-1', 'user-0']);
    // LIKE wildcards in filters are literal: "o_" does not match "bob_x", "%" matches only "%".
    expect((await get('/api/console/audit/trail?user=%25')).json().total).toBe(1);
    expect((await get('/api/console/audit/trail?user=o_')).json().total).toBe(0);
    expect((await get('/api/console/audit/trail?user=b_')).json().total).toBe(1);
    expect((await get('/api/console/audit/trail?device=123456789')).json().items[0].action).toBe(
      'device.assign',
    );
    expect((await get('/api/console/audit/trail?action=sso.login.failure')).json().total).toBe(1);

    const now = Date.now();
    await db
      .updateTable('audit_log')
      .set({ at: now - 10 * DAY })
      .where('target', '=', 'user-0')
      .execute();
    const recent = (
      await get(`/api/console/audit/trail?user=alice&from=${now - DAY}&to=${now + DAY}`)
    ).json();
    expect(recent.total).toBe(7);
    const old = (await get(`/api/console/audit/trail?to=${now - 5 * DAY}`)).json();
    expect(old.items.map((e: { target: string }) => e.target)).toEqual(['user-0']);
  });

  it('filters client events by kind, device and user', async () => {
    const send = (url: string, body: string) =>
      t.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json' } });
    await registerDevice(t.app, '111', 'dQ==');
    await registerDevice(t.app, '444', 'dQ==');
    await send(
      '/api/audit/conn',
      '{"id":"111","uuid":"dQ==","conn_id":1,"session_id":9,"peer":["222","carol"],"type":0}',
    );
    await send(
      '/api/audit/file',
      '{"id":"111","uuid":"dQ==","peer_id":"333","conn_id":2,"type":0,"path":"/x","is_file":true,"info":"{\\"name\\":\\"dave\\"}"}',
    );
    await send(
      '/api/audit/alarm',
      '{"id":"444","uuid":"dQ==","typ":0,"info":"{\\"ip\\":\\"9.9.9.9\\",\\"id\\":\\"\\",\\"name\\":\\"\\"}"}',
    );
    expect((await get('/api/console/audit/events')).json().total).toBe(3);
    expect((await get('/api/console/audit/events?kind=file')).json().items[0]).toMatchObject({
      kind: 'file',
      action: 'send',
      peerName: 'dave',
    });
    expect((await get('/api/console/audit/events?device=222')).json().items[0].peerName).toBe('carol');
    expect((await get('/api/console/audit/events?device=111')).json().total).toBe(2);
    expect((await get('/api/console/audit/events?user=carol')).json().total).toBe(1);
    expect((await get('/api/console/audit/events?kind=alarm')).json().items[0].action).toBe(
      'ip-whitelist-rejected',
    );
    expect((await get('/api/console/audit/events?kind=bogus')).statusCode).toBe(400);
  });

  it('exports the filtered rows as CSV with quoting and a formula guard, admins only', async () => {
    await recordAudit(
      t.db.kysely,
      { id: null, name: '=HYPERLINK("http://evil")', ip: '1.1.1.1' },
      'csv.test',
      'a,"b"\nc',
    );
    const res = await get('/api/console/audit/trail.csv?action=csv.test');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-trail-\d{8}\.csv"$/);
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('"time (UTC)","user","user id","action","target","ip","detail"');
    expect(lines[1]?.replace(/^"[^"]+Z",/, '')).toBe(
      `"'=HYPERLINK(""http://evil"")","","csv.test","a,""b""\nc","1.1.1.1","{}"`,
    );
    expect(lines).toHaveLength(3); // header, one row (its target holds a newline inside quotes), ''

    const events = await get('/api/console/audit/events.csv?kind=conn');
    const rows = events.body.split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('"authorized","111","222","carol"');

    expect((await t.app.inject({ method: 'GET', url: '/api/console/audit/trail.csv' })).statusCode).toBe(401);
    await t.app.inject({
      method: 'POST',
      url: '/api/console/users',
      headers: admin.headers,
      payload: { username: 'plain', password: 'plain-password' },
    });
    const plain = await signIn(t.app, 'plain', 'plain-password');
    const refused = await t.app.inject({
      method: 'GET',
      url: '/api/console/audit/trail.csv',
      headers: plain.headers,
    });
    expect(refused.statusCode).toBe(403);
  });

  it('keeps the retention setting, records its change, and prunes once a day', async () => {
    expect((await get('/api/console/audit/settings')).json()).toEqual({ retentionDays: 365 });
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/console/audit/settings',
      headers: admin.headers,
      payload: { retentionDays: 30 },
    });
    expect(put.json()).toEqual({ retentionDays: 30 });
    const trail = (await get('/api/console/audit/trail?action=settings')).json();
    expect(trail.items[0]).toMatchObject({
      action: 'settings.update',
      target: 'audit.retentionDays',
      actorName: 'admin',
    });
    expect(JSON.parse(trail.items[0].detail)).toEqual({ from: 365, to: 30 });
    for (const bad of [0, -1, 'abc', 1.5]) {
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/console/audit/settings',
        headers: admin.headers,
        payload: { retentionDays: bad },
      });
      expect(res.statusCode).toBe(400);
    }

    const db = t.db.kysely;
    const now = Date.now();
    await db
      .updateTable('audit_log')
      .set({ at: now - 40 * DAY })
      .where('action', '=', 'csv.test')
      .execute();
    await db
      .updateTable('audit_events')
      .set({ at: now - 31 * DAY })
      .where('kind', '=', 'alarm')
      .execute();
    expect(await pruneAuditLogDaily(db, now)).toBe(true);
    expect(await db.selectFrom('audit_log').select('id').where('action', '=', 'csv.test').execute()).toEqual(
      [],
    );
    expect(await db.selectFrom('audit_events').select('id').where('kind', '=', 'alarm').execute()).toEqual(
      [],
    );
    expect(await db.selectFrom('audit_events').select('id').execute()).toHaveLength(2);
    const prune = await db.selectFrom('audit_log').selectAll().where('action', '=', 'audit.prune').execute();
    expect(prune).toHaveLength(1);
    expect(JSON.parse(prune[0]?.detail ?? '')).toEqual({ trail: 1, events: 1, days: 30 });
    // Not again the same day; again the next day.
    expect(await pruneAuditLogDaily(db, now + 60_000)).toBe(false);
    expect(await pruneAuditLogDaily(db, now + DAY + 1)).toBe(true);
  });

  it('lets exactly one of several instances run the daily prune', async () => {
    if (dialect !== 'postgres') return;
    const second = await buildSecondInstance(t);
    try {
      const later = Date.now() + 3 * DAY;
      const runs = await Promise.all([
        pruneAuditLogDaily(t.db.kysely, later),
        pruneAuditLogDaily(second.db.kysely, later),
        pruneAuditLogDaily(t.db.kysely, later),
      ]);
      expect(runs.filter(Boolean)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
