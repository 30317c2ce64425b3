import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerDevice } from '../../test/devices.ts';
import { buildTestApp, dialects } from '../../test/harness.ts';
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
