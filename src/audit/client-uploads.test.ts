import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../../test/devices.ts';
import { ADMIN_PASSWORD, buildTestApp, dialects, type TestApp } from '../../test/harness.ts';

// Bodies are raw JSON text exactly as the client's serde_json writes them (spec §5.4–5.6):
// Content-Type application/json, no Authorization, u64 session ids as bare integers.
const DEVICE = { id: '123456789', uuid: 'bWFjaGluZS11aWQ=' };
const BIG_SESSION = '18446744073709551557'; // > 2^53: JSON.parse alone would round it

describe.each(dialects())('RustDesk client audit uploads on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    // Only registered devices may upload (upload-gate.ts; test/security/unregistered-audit-upload.test.ts).
    await registerDevice(t.app, DEVICE.id, DEVICE.uuid);
  });
  afterAll(async () => t.close());
  const post = (url: string, json: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: json,
      headers: { 'content-type': 'application/json', ...headers },
    });
  const events = () => t.db.kysely.selectFrom('audit_events').selectAll().orderBy('id').execute();

  it('stores a connection (new, authorized, close) with an EMPTY 200 body and the exact session id', async () => {
    const common = `"id":"${DEVICE.id}","uuid":"${DEVICE.uuid}","conn_id":5,"session_id":${BIG_SESSION}`;
    const bodies = [
      `{"action":"new","ip":"1.2.3.4",${common},"nonce":"0b0c6f1e-1111-4a4a-9b9b-000000000001"}`,
      `{"peer":["987654321","bob"],"type":0,"primary_auth":3,"two_factor":1,${common},"nonce":"0b0c6f1e-1111-4a4a-9b9b-000000000002"}`,
      `{"action":"close",${common},"nonce":"0b0c6f1e-1111-4a4a-9b9b-000000000003","future_field":{"x":1}}`,
    ];
    for (const body of bodies) {
      const res = await post('/api/audit/conn', body);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('');
    }
    const rows = await events();
    expect(rows.map((r) => r.action)).toEqual(['new', 'authorized', 'close']);
    expect(rows.every((r) => r.session_id === BIG_SESSION && r.device_id === DEVICE.id)).toBe(true);
    expect(rows[0]?.ip).toBe('1.2.3.4');
    expect(rows[1]).toMatchObject({ peer_id: '987654321', peer_name: 'bob', type: 0, conn_id: 5 });
    expect(JSON.parse(rows[1]?.detail ?? '')).toMatchObject({ primary_auth: 3, two_factor: 1 });
    expect(JSON.parse(rows[2]?.detail ?? '')).toMatchObject({ future_field: { x: 1 } });
  });

  it('stores a retried upload (same nonce) once, answering every attempt with an empty 200', async () => {
    const body = `{"id":"${DEVICE.id}","uuid":"${DEVICE.uuid}","peer_id":"987654321","conn_id":6,"type":1,"path":"C:\\\\Users\\\\alice","is_file":false,"info":"{\\"ip\\":\\"1.2.3.4\\",\\"name\\":\\"bob\\",\\"num\\":2,\\"files\\":[[\\"a.txt\\",1024],[\\"b.bin\\",99]]}","nonce":"retry-nonce-1"}`;
    const answers = await Promise.all([post('/api/audit/file', body), post('/api/audit/file', body)]);
    answers.push(await post('/api/audit/file', body));
    for (const res of answers) expect([res.statusCode, res.body]).toEqual([200, '']);
    const files = (await events()).filter((r) => r.kind === 'file');
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({
      action: 'receive',
      ip: '1.2.3.4',
      peer_name: 'bob',
      peer_id: '987654321',
    });
    expect(JSON.parse(files[0]?.detail ?? '')).toMatchObject({ path: 'C:\\Users\\alice', is_file: false });
  });

  it('stores alarms, and uploads without a nonce (tag 1.4.9) each time', async () => {
    const body = `{"id":"${DEVICE.id}","uuid":"${DEVICE.uuid}","typ":2,"info":"{\\"ip\\":\\"5.6.7.8\\",\\"id\\":\\"555\\",\\"name\\":\\"mallory\\"}","conn_id":7}`;
    expect((await post('/api/audit/alarm', body)).body).toBe('');
    expect((await post('/api/audit/alarm', body)).statusCode).toBe(200);
    const alarms = (await events()).filter((r) => r.kind === 'alarm');
    expect(alarms).toHaveLength(2);
    expect(alarms[0]).toMatchObject({
      action: 'six-failed-attempts-in-a-minute',
      ip: '5.6.7.8',
      peer_id: '555',
      peer_name: 'mallory',
    });
  });

  it('refuses malformed uploads with a 4xx the client drops, never a 5xx', async () => {
    const bad = [
      ['/api/audit/conn', '{"action":"new"'],
      ['/api/audit/conn', '{"action":"new"}'],
      ['/api/audit/conn', '[1,2]'],
      ['/api/audit/file', '{"id":"1","type":"zero"}'],
      ['/api/audit/alarm', `{"id":"1","info":"${'x'.repeat(200_000)}"}`],
      ['/api/audit/conn', `{"id":"1","session_id":-5}`],
      ['/api/audit/conn', '{"__proto__":{"x":1},"id":"1"}'],
    ];
    for (const [url, body] of bad) {
      const res = await post(url as string, body as string);
      expect(res.statusCode, `${url} ${body?.slice(0, 40)}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect([408, 429]).not.toContain(res.statusCode);
      expect(typeof res.json().error).toBe('string');
    }
  });

  it('gives the signed-in controller the session GUID and stores its end-of-session note (§5.7)', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD, id: '987654321', uuid: 'Y29udHJvbGxlcg==' },
    });
    const token = (login.json() as { access_token: string }).access_token;
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const query = `/api/audit/conn/active?id=${DEVICE.id}&session_id=${BIG_SESSION}&conn_type=0`;
    const active = await t.app.inject({ method: 'GET', url: query, headers: auth });
    expect(active.statusCode).toBe(200);
    const guid = active.json() as string;
    const authorized = (await events()).find((r) => r.action === 'authorized');
    expect(guid).toBe(authorized?.guid);

    const unknown = await t.app.inject({
      method: 'GET',
      url: `/api/audit/conn/active?id=${DEVICE.id}&session_id=1&conn_type=0`,
      headers: auth,
    });
    expect(unknown.json()).toBe('');
    const anonymous = await t.app.inject({ method: 'GET', url: query });
    expect(anonymous.statusCode).toBe(401);

    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/audit',
      headers: auth,
      payload: JSON.stringify({ guid, note: 'fixed the printer' }),
    });
    expect([put.statusCode, put.body]).toEqual([200, '']);
    const noted = (await events()).find((r) => r.guid === guid);
    expect(noted).toMatchObject({ note: 'fixed the printer', note_by: 'admin' });
    const missing = await t.app.inject({
      method: 'PUT',
      url: '/api/audit',
      headers: auth,
      payload: JSON.stringify({ guid: 'nope', note: 'x' }),
    });
    expect(missing.statusCode).toBe(404);
  });

  it("stores the controlling side's legacy note post (no token, no nonce)", async () => {
    const res = await post(
      '/api/audit/conn',
      `{"id":"${DEVICE.id}","session_id":${BIG_SESSION},"note":"done"}`,
    );
    expect([res.statusCode, res.body]).toEqual([200, '']);
    const note = (await events()).at(-1);
    expect(note).toMatchObject({ action: 'note', note: 'done', session_id: BIG_SESSION });
  });
});
