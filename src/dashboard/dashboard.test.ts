import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../../test/devices.ts';
import { ADMIN_PASSWORD, buildTestApp, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Dashboard } from '../shared/dashboard.ts';

const nobody = { id: null, name: '', ip: '10.0.0.9' };

describe.each(dialects())('dashboard on %s', (dialect) => {
  let t: TestApp;
  let headers: Record<string, string>;
  const read = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/console/dashboard', headers });
    expect(res.statusCode).toBe(200);
    return res.json() as Dashboard;
  };
  beforeAll(async () => {
    t = await buildTestApp(dialect, { publicUrl: 'http://deskgate.example.com' });
    headers = (await signIn(t.app)).headers;
  });
  afterAll(async () => t.close());

  it('starts with an unticked checklist, no devices and the admin sign-in counted under password', async () => {
    const d = await read();
    expect(d.checklist).toEqual({
      adminPasswordChanged: false,
      publicUrl: 'http',
      providerAdded: false,
      firstDevice: null,
    });
    expect(d.devices).toEqual({ total: 0, online: 0, offline: 0 });
    expect(d.signIns.last24h).toEqual([{ provider: 'password', success: 1, refused: 0, failed: 0 }]);
    expect(d.providers).toEqual([]);
  });

  it('ticks the checklist as the admin changes the password, adds a provider and a device arrives', async () => {
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/password',
      headers,
      payload: { currentPassword: ADMIN_PASSWORD, newPassword: 'violet-harbour-lantern-42' },
    });
    expect(changed.statusCode).toBe(200);
    headers = (await signIn(t.app, 'admin', 'violet-harbour-lantern-42')).headers;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/console/sso/providers',
      headers,
      payload: {
        name: 'Entra',
        type: 'oidc',
        issuer: 'https://login.example.com',
        clientId: 'c',
        clientSecret: 's',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    await registerDevice(t.app, '123456789', 'dQ==');
    const d = await read();
    expect(d.checklist.adminPasswordChanged).toBe(true);
    expect(d.checklist.providerAdded).toBe(true);
    expect(d.checklist.firstDevice).toMatchObject({ id: '123456789', hostname: 'pc-123456789' });
    expect(d.devices).toEqual({ total: 1, online: 1, offline: 0 });
    expect(d.recentActions.map((a) => a.action)).toEqual(['sso.provider.create', 'user.password.change']);
  });

  it('counts sign-ins by provider and outcome, and shows each provider health', async () => {
    const providerId = (await read()).providers[0]?.id ?? '';
    await recordAudit(t.db.kysely, nobody, 'sso.login.success', 'bob', { provider: 'Entra' });
    await recordAudit(t.db.kysely, nobody, 'sso.login.failure', '', { code: 'SSO_NOT_ALLOWED', providerId });
    await recordAudit(t.db.kysely, nobody, 'client.oidc.login.failure', '', {
      provider: 'Entra',
      reason: 'The identity provider did not answer.',
    });
    await recordAudit(t.db.kysely, nobody, 'auth.login.failure', 'admin', {});
    const d = await read();
    expect(d.signIns.last7d).toEqual(
      expect.arrayContaining([
        { provider: 'Entra', success: 1, refused: 1, failed: 1 },
        { provider: 'password', success: 2, refused: 0, failed: 1 },
      ]),
    );
    expect(d.providers).toEqual([
      expect.objectContaining({
        name: 'Entra',
        lastError: 'The identity provider did not answer.',
        clientSecretExpiresAt: null,
      }),
    ]);
    expect(d.providers[0]?.lastSuccessAt).toBeGreaterThan(0);
  });

  it('is refused to a signed-in user who is not an administrator (it summarises the audit trail)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/console/users',
      headers,
      payload: { username: 'carol', password: 'amber-meadow-falcon-77' },
    });
    expect(res.statusCode).toBe(201);
    const carol = await signIn(t.app, 'carol', 'amber-meadow-falcon-77');
    const denied = await t.app.inject({
      method: 'GET',
      url: '/api/console/dashboard',
      headers: carol.headers,
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('FORBIDDEN');
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/console/dashboard' });
    expect(anonymous.statusCode).toBe(401);
  });
});
