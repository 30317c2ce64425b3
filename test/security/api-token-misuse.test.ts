import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignRequest, createApiToken, printed } from '../automation.ts';
import { registerDevice } from '../devices.ts';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../harness.ts';

/*
 * API tokens (issue 10) are bearer credentials for scripts and `rustdesk --assign`. Each test below is an
 * attack on them that succeeds without the defence named in its title (src/automation/bearer.ts).
 */
describe.each(dialects())('API token misuse on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  const device = { id: '710000001', uuid: Buffer.from('machine-710000001').toString('base64') };
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    admin = await signIn(t.app);
    await registerDevice(t.app, device.id, device.uuid);
    const { secret } = await createApiToken(t.app, admin, ['devices:assign'], 'setup');
    const res = await assignRequest(t.app, secret, device, { note: 'rolled out by script' });
    expect(printed(res)).toBe('Done!');
  });
  afterAll(async () => t.close());

  const deviceRow = () =>
    t.db.kysely.selectFrom('devices').selectAll().where('id', '=', device.id).executeTakeFirstOrThrow();
  const trail = (action: string) =>
    t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

  describe('security: a token does only what its scopes say, and only while it is valid', () => {
    it('refuses a revoked token (and audits the refusal)', async () => {
      const { secret, id } = await createApiToken(t.app, admin, ['devices:assign'], 'revoked-bot');
      const revoke = await t.app.inject({
        method: 'DELETE',
        url: `/api/console/api-tokens/${id}`,
        headers: admin.headers,
      });
      expect(revoke.statusCode).toBe(200);
      const res = await assignRequest(t.app, secret, device, { note: 'from a revoked token' });
      expect(res.statusCode).toBe(401);
      expect(printed(res)).toBe('This API token was revoked. Create a new one in the DeskGate console.');
      expect((await deviceRow()).note).toBe('rolled out by script');
      expect((await trail('api-token.refused')).some((r) => r.target === 'revoked-bot')).toBe(true);
    });

    it('refuses an expired token', async () => {
      const { secret, id } = await createApiToken(t.app, admin, ['devices:assign'], 'expired-bot');
      await t.db.kysely
        .updateTable('api_tokens')
        .set({ expires_at: Date.now() - 1 })
        .where('id', '=', id)
        .execute();
      const res = await assignRequest(t.app, secret, device, { note: 'from an expired token' });
      expect(res.statusCode).toBe(401);
      expect(printed(res)).toBe('This API token has expired. Create a new one in the DeskGate console.');
      expect((await deviceRow()).note).toBe('rolled out by script');
    });

    it('refuses an under-scoped token on --assign', async () => {
      const { secret } = await createApiToken(t.app, admin, ['devices:read', 'users:write']);
      const res = await assignRequest(t.app, secret, device, { note: 'from a reader' });
      expect(res.statusCode).toBe(403);
      expect(printed(res)).toMatch(/lacks the "devices:assign" scope/);
      expect((await deviceRow()).note).toBe('rolled out by script');
    });

    it('refuses a token nobody issued', async () => {
      const res = await assignRequest(t.app, 'dgt_made-up', device, { note: 'forged' });
      expect(res.statusCode).toBe(401);
    });

    it('lets users:read read users but not create one', async () => {
      const { secret } = await createApiToken(t.app, admin, ['users:read']);
      const bearer = { authorization: `Bearer ${secret}` };
      const read = await t.app.inject({ url: '/api/console/users', headers: bearer });
      expect(read.statusCode).toBe(200);
      const write = await t.app.inject({
        method: 'POST',
        url: '/api/console/users',
        headers: bearer,
        payload: { username: 'mallory', password: 'mallory-password-1' },
      });
      expect(write.statusCode).toBe(403);
      expect(write.json().code).toBe('FORBIDDEN');
      const created = await t.db.kysely
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'mallory')
        .execute();
      expect(created).toEqual([]);
    });

    it('lets users:write create a user without a CSRF token, and the trail names the token', async () => {
      const { secret } = await createApiToken(t.app, admin, ['users:write'], 'hr-sync');
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/console/users',
        headers: { authorization: `Bearer ${secret}` },
        payload: { username: 'bob', password: 'bob-password-12345' },
      });
      expect(res.statusCode).toBe(201);
      const created = (await trail('user.create')).find((r) => r.target === 'bob');
      expect(created?.actor_name).toBe('api-token:hr-sync');
    });

    it('cannot escalate: users:write neither makes an administrator nor touches one', async () => {
      const { secret } = await createApiToken(t.app, admin, ['users:write']);
      const bearer = { authorization: `Bearer ${secret}` };
      const make = await t.app.inject({
        method: 'POST',
        url: '/api/console/users',
        headers: bearer,
        payload: { username: 'sneaky-admin', password: 'sneaky-admin-password-1', isAdmin: true },
      });
      expect(make.statusCode).toBe(403);
      expect(
        await t.db.kysely.selectFrom('users').select('id').where('username', '=', 'sneaky-admin').execute(),
      ).toEqual([]);
      const takeover = await t.app.inject({
        method: 'POST',
        url: `/api/console/users/${admin.userId}/password`,
        headers: bearer,
        payload: { password: 'taken-over-password-1' },
      });
      expect(takeover.statusCode).toBe(403);
      const disable = await t.app.inject({
        method: 'PATCH',
        url: `/api/console/users/${admin.userId}`,
        headers: bearer,
        payload: { enabled: false },
      });
      expect(disable.statusCode).toBe(403);
      await signIn(t.app);
    });

    it('never opens an area no scope covers: a token cannot mint tokens or read settings', async () => {
      const all = ['devices:assign', 'devices:read', 'users:read', 'users:write', 'audit:read'];
      const { secret } = await createApiToken(t.app, admin, all, 'everything');
      const bearer = { authorization: `Bearer ${secret}` };
      const mint = await t.app.inject({
        method: 'POST',
        url: '/api/console/api-tokens',
        headers: bearer,
        payload: { name: 'child', scopes: ['users:write'], expiresInDays: 1 },
      });
      expect(mint.statusCode).toBe(403);
      expect((await t.app.inject({ url: '/api/console/device-groups', headers: bearer })).statusCode).toBe(
        403,
      );
      expect((await t.app.inject({ url: '/api/console/devices', headers: bearer })).statusCode).toBe(200);
      expect((await t.app.inject({ url: '/api/console/audit/trail', headers: bearer })).statusCode).not.toBe(
        403,
      );
    });

    it('judges a request with a session cookie as a browser session: a bearer header does not skip the CSRF check', async () => {
      const { secret } = await createApiToken(t.app, admin, ['users:write']);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/console/users',
        headers: { cookie: admin.headers.cookie, authorization: `Bearer ${secret}` },
        payload: { username: 'csrf-victim', password: 'csrf-victim-password-1' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('CSRF_FAILED');
    });

    it('stops a token when its creator is no longer an enabled administrator', async () => {
      const make = await t.app.inject({
        method: 'POST',
        url: '/api/console/users',
        headers: admin.headers,
        payload: { username: 'temp-admin', password: 'temp-admin-password-1', isAdmin: true },
      });
      const tempAdmin = await signIn(t.app, 'temp-admin', 'temp-admin-password-1');
      const { secret } = await createApiToken(t.app, tempAdmin, ['devices:read']);
      const bearer = { authorization: `Bearer ${secret}` };
      expect((await t.app.inject({ url: '/api/console/devices', headers: bearer })).statusCode).toBe(200);
      await t.app.inject({
        method: 'PATCH',
        url: `/api/console/users/${make.json().id}`,
        headers: admin.headers,
        payload: { enabled: false },
      });
      expect((await t.app.inject({ url: '/api/console/devices', headers: bearer })).statusCode).toBe(401);
    });
  });
});
