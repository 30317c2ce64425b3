import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerDevice } from '../../test/devices.ts';
import { buildTestApp, dialects, signIn } from '../../test/harness.ts';
import { startMetricsServer } from './metrics.routes.ts';

const TOKEN = 'metrics-token-0123456789abcdef';

/** The value of one sample line (`name{labels} value`) in a scrape, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(dialects())('GET /metrics on %s (issue 14)', (dialect) => {
  it('is off by default: a 404, not an open window on the fleet', async () => {
    const t = await buildTestApp(dialect);
    try {
      expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('off, with the console served: a JSON 404 saying how to turn them on, not index.html with a 200 (issue 14)', async () => {
    const consoleDir = mkdtempSync(path.join(tmpdir(), 'deskgate-console-'));
    writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>DeskGate</title>');
    const t = await buildTestApp(dialect, { consoleDir });
    try {
      expect((await t.app.inject({ url: '/some/console/page' })).statusCode).toBe(200);
      const res = await t.app.inject({ url: '/metrics' });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.json()).toEqual({ code: 'NOT_FOUND', error: expect.stringContaining('METRICS_TOKEN') });
      expect(res.json().error).toContain('Metrics are off');
    } finally {
      await t.close();
      rmSync(consoleDir, { recursive: true, force: true });
    }
  });

  it('refuses a scrape without the bearer token or with a wrong one', async () => {
    const t = await buildTestApp(dialect, { metricsToken: TOKEN });
    try {
      for (const authorization of [
        undefined,
        `Bearer ${TOKEN}x`,
        `Bearer ${TOKEN.slice(0, -1)}`,
        TOKEN,
        'Bearer ',
      ]) {
        const res = await t.app.inject({ url: '/metrics', headers: authorization ? { authorization } : {} });
        expect(res.statusCode, String(authorization)).toBe(401);
        expect(res.json()).toMatchObject({ code: 'NOT_AUTHENTICATED' });
        expect(res.body).not.toContain('deskgate_');
      }
    } finally {
      await t.close();
    }
  });

  it('counts requests, sign-ins, devices online, database and heartbeat flush, event-loop lag', async () => {
    const t = await buildTestApp(dialect, { metricsToken: TOKEN });
    const scrape = async () => {
      const res = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.body;
    };
    try {
      const before = await scrape();
      const failedSignIns =
        'deskgate_sign_ins_total{provider="password",outcome="failure",channel="console"}';
      const beats =
        'deskgate_http_request_duration_seconds_count{route="/api/heartbeat",method="POST",status="200"}';
      await registerDevice(t.app, 'metrics-1', 'dXVpZC0x');
      for (let i = 0; i < 3; i++) {
        const beat = await t.app.inject({
          method: 'POST',
          url: '/api/heartbeat',
          payload: { id: 'metrics-1', uuid: 'dXVpZC0x', ver: 1, modified_at: 0 },
        });
        expect(beat.statusCode).toBe(200);
      }
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/console/auth/login',
        payload: { username: 'admin', password: 'wrong-password' },
      });
      expect(login.statusCode).toBe(401);
      // The presence timer flushes every second, and under load it may already have run since the beats: then the
      // buffer is empty and the flush was counted; otherwise the device is still waiting in it.
      const flushes = 'deskgate_heartbeat_flush_duration_seconds_count{outcome="success"}';
      const waiting = await scrape();
      if (sample(waiting, 'deskgate_heartbeat_buffer_devices') !== 1)
        expect(sample(waiting, flushes) ?? 0).toBeGreaterThan(sample(before, flushes) ?? 0);
      await t.app.devicePresence.flush();

      const text = await scrape();
      expect((sample(text, beats) ?? 0) - (sample(before, beats) ?? 0)).toBe(3);
      expect((sample(text, failedSignIns) ?? 0) - (sample(before, failedSignIns) ?? 0)).toBe(1);
      expect(sample(text, 'deskgate_devices_online')).toBe(1);
      expect(sample(text, 'deskgate_heartbeat_buffer_devices')).toBe(0);
      expect(sample(text, flushes)).toBeGreaterThan(0);
      expect(sample(text, 'deskgate_db_query_duration_seconds_count{outcome="success"}')).toBeGreaterThan(0);
      expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
      if (dialect === 'postgres')
        expect(sample(text, 'deskgate_db_pool_connections{state="total"}')).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('counts SCIM requests by status class, LDAP and SMTP calls, and each client secret expiry', async () => {
    const t = await buildTestApp(dialect, { metricsToken: TOKEN });
    const scrape = async () =>
      (await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).body;
    const calls = (system: string, outcome: string) =>
      `deskgate_outbound_calls_total{system="${system}",outcome="${outcome}"}`;
    const admin = await signIn(t.app);
    const call = async (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) => {
      const res = await t.app.inject({
        method,
        url,
        headers: admin.headers,
        ...(payload ? { payload } : {}),
      });
      return Object.assign(res.json() as Record<string, unknown>, { status: res.statusCode });
    };
    try {
      const before = await scrape();
      const moved = (text: string, series: string) =>
        (sample(text, series) ?? 0) - (sample(before, series) ?? 0);
      const expiresAt = Date.now() + 30 * 86_400_000;
      const provider = await call('POST', '/api/console/sso/providers', {
        name: 'corp-entra',
        type: 'entra',
        clientId: 'x',
        issuer: 'https://login.microsoftonline.com/t/v2.0',
        clientSecretExpiresAt: expiresAt,
      });
      expect(provider.status).toBe(201);
      const { token } = await call('POST', `/api/console/sso/providers/${provider.id}/scim-token`);
      for (const [authorization, status] of [
        [`Bearer ${token}`, 200],
        ['Bearer wrong-token', 401],
      ] as const) {
        const res = await t.app.inject({ url: '/scim/v2/Users', headers: { authorization } });
        expect(res.statusCode).toBe(status);
      }
      // Nothing listens on port 9 of loopback: the directory and the mail server both fail fast.
      const ldap = await call('POST', '/api/console/settings/ldap/test-connection', {
        enabled: false,
        url: 'ldap://127.0.0.1:9',
        startTls: false,
        caPem: '',
        bindDn: '',
        searchBase: 'dc=example',
        searchFilter: '(uid={username})',
        attrUsername: 'uid',
        attrDisplayName: 'cn',
        attrEmail: 'mail',
        groupMappings: [],
        adminGroups: [],
        nestedGroups: false,
      });
      expect(ldap).toMatchObject({ status: 200, ok: false });
      const mail = await call('PUT', '/api/console/settings/email', {
        host: '127.0.0.1',
        port: 9,
        security: 'none',
        caPem: '',
        username: '',
        fromAddress: 'deskgate@example.org',
        loginVerificationAll: false,
      });
      expect(mail.status).toBe(200);
      const sent = await call('POST', '/api/console/settings/email/test', { to: 'ops@example.org' });
      expect(sent).toMatchObject({ status: 502, code: 'EMAIL_FAILED' });

      let text = await scrape();
      expect(moved(text, calls('scim', '2xx'))).toBe(1);
      expect(moved(text, calls('scim', '4xx'))).toBe(1);
      expect(moved(text, calls('ldap', 'failure'))).toBe(1);
      expect(moved(text, calls('smtp', 'failure'))).toBe(1);
      const inSeconds =
        sample(text, 'deskgate_idp_client_secret_expires_in_seconds{provider="corp-entra"}') ?? 0;
      expect(Math.abs(inSeconds - 30 * 86_400)).toBeLessThan(600);
      expect(sample(text, 'deskgate_idp_client_secret_expiry_timestamp_seconds{provider="corp-entra"}')).toBe(
        expiresAt / 1000,
      );
      // Read from the database at each scrape: a cleared date, then a deleted provider, leaves no series.
      expect(
        (await call('PATCH', `/api/console/sso/providers/${provider.id}`, { clientSecretExpiresAt: null }))
          .status,
      ).toBe(200);
      text = await scrape();
      expect(text).not.toContain('provider="corp-entra"');
      await call('PATCH', `/api/console/sso/providers/${provider.id}`, {
        clientSecretExpiresAt: Date.now() - 1000,
      });
      expect(
        sample(await scrape(), 'deskgate_idp_client_secret_expires_in_seconds{provider="corp-entra"}'),
      ).toBeLessThan(0);
      expect((await call('DELETE', `/api/console/sso/providers/${provider.id}`)).status).toBe(200);
      expect(await scrape()).not.toContain('provider="corp-entra"');
    } finally {
      await t.close();
    }
  });

  it('METRICS_PORT serves only /metrics on its own listener; the main port keeps them hidden', async () => {
    const t = await buildTestApp(dialect, { metricsPort: 0 });
    const server = await startMetricsServer(t.config);
    try {
      const { port } = server?.server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('deskgate_devices_online');
      expect((await fetch(`http://127.0.0.1:${port}/api/console/users`)).status).toBe(404);
      const main = await t.app.inject({ url: '/metrics' });
      expect(main.statusCode).toBe(404);
      expect(main.json().error).toContain(`METRICS_PORT (${t.config.metricsPort})`);
    } finally {
      await server?.close();
      await t.close();
    }
  });
});
