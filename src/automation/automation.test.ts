import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../test/address-books.ts';
import { assignRequest, createApiToken, printed } from '../../test/automation.ts';
import { registerDevice } from '../../test/devices.ts';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';

const uuidOf = (id: string) => Buffer.from(`machine-${id}`).toString('base64');

describe.each(dialects())('unattended deployment on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  let bookId: string;
  const device = { id: '700000001', uuid: uuidOf('700000001') };
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    admin = await signIn(t.app);
    await createUser(t.app, admin, 'alice');
    await t.app.inject({
      method: 'POST',
      url: '/api/console/device-groups',
      headers: admin.headers,
      payload: { name: 'Kiosks' },
    });
    const book = await t.app.inject({
      method: 'POST',
      url: '/api/console/address-books',
      headers: admin.headers,
      payload: { name: 'Branch office' },
    });
    bookId = book.json().id;
    await t.app.inject({
      method: 'POST',
      url: `/api/console/address-books/${bookId}/tags`,
      headers: admin.headers,
      payload: { name: 'front-desk', color: 1 },
    });
    await registerDevice(t.app, device.id, device.uuid);
  });
  afterAll(async () => t.close());

  const deviceRow = () =>
    t.db.kysely.selectFrom('devices').selectAll().where('id', '=', device.id).executeTakeFirstOrThrow();
  const trail = (action: string) =>
    t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

  it("applies `rustdesk --assign`'s exact request: user, device group, address book (+tag/alias/note/password), note, names", async () => {
    const { secret } = await createApiToken(t.app, admin, ['devices:assign'], 'deploy-bot');
    const res = await assignRequest(t.app, secret, device, {
      user_name: 'alice',
      device_group_name: 'kiosks',
      address_book_name: 'Branch office',
      address_book_tag: 'front-desk',
      address_book_alias: 'Reception PC',
      address_book_password: 'peer-secret',
      address_book_note: 'by the door',
      note: 'rolled out by script',
      device_username: 'kiosk',
      device_name: 'reception-01',
    });
    expect(res.statusCode).toBe(200);
    expect(printed(res)).toBe('Done!');
    const row = await deviceRow();
    expect(row.note).toBe('rolled out by script');
    expect(row.os_username).toBe('kiosk');
    expect(row.hostname).toBe('reception-01');
    const api = await t.app.inject({ url: `/api/console/devices/${device.id}`, headers: admin.headers });
    expect(api.json()).toMatchObject({ userName: 'alice', deviceGroupName: 'Kiosks' });
    const peers = await t.app.inject({
      url: `/api/console/address-books/${bookId}/peers`,
      headers: admin.headers,
    });
    expect(peers.json().items).toEqual([
      expect.objectContaining({
        id: device.id,
        alias: 'Reception PC',
        note: 'by the door',
        tags: ['front-desk'],
        hostname: 'reception-01',
        hasPassword: true,
      }),
    ]);
    const [assigned] = await trail('device.assign');
    expect(assigned?.actor_name).toBe('api-token:deploy-bot');
    expect(assigned?.detail).not.toContain('peer-secret');
    const [used] = await trail('api-token.use');
    expect(used).toMatchObject({ actor_name: 'api-token:deploy-bot', target: 'deploy-bot' });
    const tokens = await t.app.inject({ url: '/api/console/api-tokens', headers: admin.headers });
    expect(tokens.json()[0]).toMatchObject({ name: 'deploy-bot', lastUsedIp: '127.0.0.1', status: 'active' });
    expect(tokens.json()[0].lastUsedAt).toBeGreaterThan(0);
  });

  it('assigns a strategy with --strategy_name', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/console/strategies',
      headers: admin.headers,
      payload: { name: 'Locked down', options: { 'enable-keyboard': 'N' } },
    });
    expect(created.statusCode).toBe(201);
    const { secret } = await createApiToken(t.app, admin, ['devices:assign'], 'strategy-bot');
    const res = await assignRequest(t.app, secret, device, { strategy_name: 'Locked down' });
    expect(printed(res)).toBe('Done!');
    const list = await t.app.inject({ url: '/api/console/strategies', headers: admin.headers });
    expect(list.json()).toEqual([expect.objectContaining({ name: 'Locked down', assignedDevices: 1 })]);
  });

  it('changes nothing and says which name is wrong when one option names nothing', async () => {
    const { secret } = await createApiToken(t.app, admin, ['devices:assign']);
    const res = await assignRequest(t.app, secret, device, { note: 'half', user_name: 'nobody' });
    expect(res.statusCode).toBe(404);
    expect(printed(res)).toBe('No user is named "nobody". Nothing was changed.');
    expect(res.headers['x-deskgate-error-code']).toBe('NOT_FOUND');
    expect((await deviceRow()).note).toBe('rolled out by script');
  });

  it('answers an unregistered device with a sentence the person running the command can act on', async () => {
    const { secret } = await createApiToken(t.app, admin, ['devices:assign']);
    const res = await assignRequest(t.app, secret, { id: '799999999', uuid: 'x' }, { note: 'n' });
    expect(res.statusCode).toBe(404);
    expect(printed(res)).toMatch(/^Device 799999999 is not registered with DeskGate yet/);
  });

  it("refuses an ID sent with another machine's uuid, as heartbeat and sysinfo do", async () => {
    const { secret } = await createApiToken(t.app, admin, ['devices:assign']);
    const res = await assignRequest(
      t.app,
      secret,
      { id: device.id, uuid: uuidOf('someone-else') },
      { note: 'hijack' },
    );
    expect(res.statusCode).toBe(409);
    expect((await deviceRow()).note).toBe('rolled out by script');
  });

  it('answers --deploy with NOT_ENABLED: DeskGate approves devices instead', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/devices/deploy',
      headers: { 'content-type': 'application/json', authorization: 'Bearer whatever' },
      payload: JSON.stringify({ id: device.id, uuid: device.uuid, pk: 'cGs=' }),
    });
    expect(res.json()).toEqual({ result: 'NOT_ENABLED' });
  });

  it('shows the secret once: the list never holds it, the database holds only its hash', async () => {
    const { secret, id } = await createApiToken(t.app, admin, ['devices:read'], 'reader');
    const list = await t.app.inject({ url: '/api/console/api-tokens', headers: admin.headers });
    expect(list.body).not.toContain(secret);
    const row = await t.db.kysely
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('documents the apiToken security scheme in the OpenAPI reference, on --assign', async () => {
    const doc = (await t.app.inject({ url: '/api-docs/json' })).json();
    expect(doc.components.securitySchemes.apiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/devices/cli'].post.security).toEqual([{ apiToken: [] }]);
  });
  it('leaves token creation and revocation in the trail, never the secret', async () => {
    const { secret, id } = await createApiToken(t.app, admin, ['audit:read'], 'auditor');
    await t.app.inject({ method: 'DELETE', url: `/api/console/api-tokens/${id}`, headers: admin.headers });
    const rows = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('target', '=', 'auditor')
      .execute();
    expect(rows.map((r) => [r.action, r.actor_name])).toEqual([
      ['api-token.create', 'admin'],
      ['api-token.revoke', 'admin'],
    ]);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });
});
