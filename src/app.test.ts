import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTestDb, testConfig } from '../test/harness.ts';
import { bootstrapAccounts } from './accounts/index.ts';
import { buildApp, LOG_SERIALIZERS, REDACT_PATHS } from './app.ts';

describe('buildApp', () => {
  it('logs requests without passwords, cookies or tokens', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const db = await createTestDb('sqlite');
    await bootstrapAccounts(db.kysely, 'admin-password-1');
    const app = await buildApp(testConfig(), {
      db,
      logger: {
        level: 'trace',
        stream,
        redact: { paths: REDACT_PATHS, censor: '[redacted]' },
        serializers: LOG_SERIALIZERS,
      },
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/console/auth/login',
      payload: { username: 'admin', password: 'admin-password-1' },
    });
    const cookie = login.cookies[0]?.value ?? '';
    await app.inject({
      method: 'GET',
      url: '/api/console/auth/session',
      headers: { cookie: `deskgate_session=${cookie}`, authorization: 'Bearer abc123secret' },
    });
    // The OAuth authorization code arrives in the callback's query string (issue 15: only it is redacted now).
    await app.inject({ method: 'GET', url: '/api/oidc/callback?code=oauth-code-xyz789&state=s1' });
    await app.close();
    await db.close();
    const all = lines.join('');
    expect(all).toContain('/api/console/auth/session');
    expect(all).not.toContain('oauth-code-xyz789');
    expect(all).toContain('code=[redacted]&state=s1');
    expect(all).not.toContain('admin-password-1');
    expect(all).not.toContain(cookie);
    expect(all).not.toContain('abc123secret');
  });

  it('takes the public origin from X-Forwarded-* only when trust-proxy is on', async () => {
    const { publicOrigin } = await import('./http/origin.ts');
    for (const trustProxy of [false, true]) {
      const db = await createTestDb('sqlite');
      const app = await buildApp(testConfig({ trustProxy }), { db, logger: false });
      app.get('/origin-probe', async (request) => ({ origin: publicOrigin(request, undefined) }));
      const res = await app.inject({
        method: 'GET',
        url: '/origin-probe',
        headers: {
          host: 'internal:21114',
          'x-forwarded-proto': 'https',
          'x-forwarded-host': 'rd.example.com',
        },
      });
      expect(res.json().origin).toBe(trustProxy ? 'https://rd.example.com' : 'http://internal:21114');
      await app.close();
      await db.close();
    }
  });
});
