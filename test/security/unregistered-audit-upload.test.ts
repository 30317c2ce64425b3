import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_UPLOADS_PER_MINUTE } from '../../src/audit/upload-gate.ts';
import { registerDevice } from '../devices.ts';
import { buildSecondInstance, buildTestApp, dialects, type TestApp } from '../harness.ts';

/**
 * Attack: audit uploads carry no credential (spec §1.3), so anyone could post 800 KB of free-form
 * "detail" per record, for any made-up device, as fast as they like. Now only a registered id + uuid
 * pair may upload, free-form fields are capped at 8 KB, and each device has a budget per minute
 * kept in the database (shared by all instances). Refusals are 4xx the client does not retry
 * forever (§1.6): 403/413 are dropped, 429 is retried at most twice.
 */
const DEVICE = { id: '123456789', uuid: 'bWFjaGluZS11aWQ=' };

describe.each(dialects())('audit uploads from unregistered devices on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    await registerDevice(t.app, DEVICE.id, DEVICE.uuid);
  });
  afterAll(async () => t.close());
  const post = (app: TestApp['app'], url: string, body: object) =>
    app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: body });
  const count = async () =>
    Number(
      (
        await t.db.kysely
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses uploads from a made-up device or a wrong uuid, storing nothing', async () => {
    const before = await count();
    const forged = [
      ['/api/audit/conn', { id: '555000555', uuid: 'Zm9yZ2Vk', action: 'new', ip: '6.6.6.6' }],
      ['/api/audit/conn', { id: DEVICE.id, uuid: 'd3Jvbmc=', action: 'new', ip: '6.6.6.6' }],
      ['/api/audit/file', { id: DEVICE.id, uuid: 'd3Jvbmc=', type: 0, path: '/etc/passwd' }],
      ['/api/audit/alarm', { id: '555000555', uuid: 'Zm9yZ2Vk', typ: 2, info: '{}' }],
      // The controller's legacy note names a remote device but no uuid: only for a session it reported.
      ['/api/audit/conn', { id: DEVICE.id, session_id: '42', note: 'forged note' }],
    ] as const;
    for (const [url, body] of forged) {
      const res = await post(t.app, url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)}`).toBe(403);
      expect(res.json()).toMatchObject({
        code: 'DEVICE_NOT_REGISTERED',
        error: expect.stringMatching(/registered/),
      });
    }
    expect(await count()).toBe(before);
  });

  it('refuses 800 KB of detail from a registered device with a 413 the client drops', async () => {
    const before = await count();
    const res = await post(t.app, '/api/audit/conn', {
      ...DEVICE,
      action: 'new',
      junk: 'x'.repeat(800 * 1024),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', error: expect.stringMatching(/8 KB/) });
    const file = await post(t.app, '/api/audit/file', { ...DEVICE, type: 0, info: 'y'.repeat(9000) });
    expect(file.statusCode).toBe(413);
    expect(await count()).toBe(before);
    // A real record with a little extra detail is stored.
    const ok = await post(t.app, '/api/audit/conn', {
      ...DEVICE,
      action: 'new',
      ip: '1.2.3.4',
      conn_audit_ref: 'r',
    });
    expect([ok.statusCode, ok.body]).toEqual([200, '']);
    expect(await count()).toBe(before + 1);
  });

  it('stores the legacy controller note only for a session the registered device reported', async () => {
    const session = '18446744073709551557';
    await post(t.app, '/api/audit/conn', { ...DEVICE, session_id: session, peer: ['987', 'bob'], type: 0 });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/audit/conn',
      headers: { 'content-type': 'application/json' },
      payload: `{"id":"${DEVICE.id}","session_id":${session},"note":"done"}`,
    });
    expect([res.statusCode, res.body]).toEqual([200, '']);
  });

  it(`keeps each device within ${AUDIT_UPLOADS_PER_MINUTE} records a minute, counted in the database`, async () => {
    const flooder = { id: '777000777', uuid: 'Zmxvb2Rlcg==' };
    // The budget is per clock minute: start the flood well inside one.
    const msLeft = 60_000 - (Date.now() % 60_000);
    if (msLeft < 10_000) await new Promise((resolve) => setTimeout(resolve, msLeft + 50));
    await registerDevice(t.app, flooder.id, flooder.uuid);
    // Two instances share the budget on PostgreSQL (the row is in the database, not in memory).
    const second = dialect === 'postgres' ? await buildSecondInstance(t) : undefined;
    try {
      const apps = second ? [t.app, second.app] : [t.app];
      const statuses: number[] = [];
      // Concurrent, as a flood is: the atomic upsert gives each request its own count.
      for (let batch = 0; batch < 4; batch++) {
        const answers = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            post(apps[i % apps.length] as TestApp['app'], '/api/audit/alarm', {
              ...flooder,
              typ: 2,
              info: '{}',
            }),
          ),
        );
        statuses.push(...answers.map((r) => r.statusCode));
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(AUDIT_UPLOADS_PER_MINUTE);
      expect(statuses.filter((s) => s === 429)).toHaveLength(160 - AUDIT_UPLOADS_PER_MINUTE);
      const stored = await t.db.kysely
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('device_id', '=', flooder.id)
        .executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(AUDIT_UPLOADS_PER_MINUTE);
      const refused = await post(t.app, '/api/audit/alarm', { ...flooder, typ: 2, info: '{}' });
      expect(refused.json()).toMatchObject({ code: 'AUDIT_RATE_LIMITED' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Another device is not affected by the flooder's budget.
      const other = await post(t.app, '/api/audit/alarm', { ...DEVICE, typ: 2, info: '{}' });
      expect(other.statusCode).toBe(200);
    } finally {
      await second?.close();
    }
  });
});
