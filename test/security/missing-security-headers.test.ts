import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type TestApp } from '../harness.ts';

// Issue 9 §6: the console and the API answered without a CSP, frame-ancestors / X-Frame-Options, nosniff,
// Referrer-Policy or (over https) HSTS, so the console could be framed (clickjacking) and any injected
// script would run. Every answer — JSON, console HTML, errors, 404s — now carries them; pages with a
// stricter policy of their own keep it. On the old code every assertion on these headers fails.

type Headers = Record<string, unknown>;

function expectSecurityHeaders(headers: Headers) {
  const csp = String(headers['content-security-policy'] ?? '');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(csp).not.toContain('upgrade-insecure-requests');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
}

describe('security headers on every answer', () => {
  let t: TestApp;
  let consoleDir: string;
  beforeAll(async () => {
    consoleDir = mkdtempSync(path.join(tmpdir(), 'deskgate-console-'));
    writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><div id="root"></div>');
    t = await buildTestApp('sqlite', { consoleDir });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it.each([
    ['GET', '/api/console/auth/login-options', 200, 'an API answer'],
    ['GET', '/api/console/users', 401, 'an authentication error'],
    ['GET', '/api/no-such-route', 404, 'an API 404'],
    ['POST', '/api/console/auth/login', 400, 'a validation error'],
    ['GET', '/', 200, 'the console page'],
    ['GET', '/users/some/deep/link', 200, 'a console deep link (SPA fallback)'],
    ['GET', '/api-docs/json', 200, 'the OpenAPI document'],
    ['GET', '/api/oidc/login/nobody', 302, 'a sign-in redirect'],
  ] as const)('%s %s → %i (%s)', async (method, url, status, _what) => {
    const res = await t.app.inject({ method, url, ...(method === 'POST' ? { payload: {} } : {}) });
    expect(res.statusCode).toBe(status);
    expectSecurityHeaders(res.headers);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends them on a signed-in console API answer too', async () => {
    const admin = await signIn(t.app);
    const res = await t.app.inject({ method: 'GET', url: '/api/console/users', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    expectSecurityHeaders(res.headers);
  });

  it('keeps the stricter, nonce-based policy of the form_post re-post page', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/oidc/callback',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'state=abc&code=xyz',
    });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/^default-src 'none'; script-src 'nonce-[^']+'; form-action 'self'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('HSTS only over https', () => {
  it('is sent when a trusted proxy says the browser used https, and not over plain http', async () => {
    const t = await buildTestApp('sqlite', { trustProxy: true });
    try {
      const https = await t.app.inject({
        method: 'GET',
        url: '/api/console/auth/login-options',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      const notFound = await t.app.inject({
        method: 'GET',
        url: '/api/nothing',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(notFound.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      const http = await t.app.inject({ method: 'GET', url: '/api/console/auth/login-options' });
      expect(http.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('is sent when DESKGATE_PUBLIC_URL is https (TLS ends at a proxy DeskGate does not trust)', async () => {
    const t = await buildTestApp('sqlite', { publicUrl: 'https://rd.example.com' });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/console/auth/login-options' });
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await t.close();
    }
  });
});

describe('the RustDesk heartbeat: the headers a JSON answer needs, not the console page policy', () => {
  it('cannot be framed, sniffed as a document or embedded by another origin; HSTS over https', async () => {
    const t = await buildTestApp('sqlite', { trustProxy: true });
    try {
      const beat = (headers: Record<string, string> = {}) =>
        t.app.inject({
          method: 'POST',
          url: '/api/heartbeat',
          headers,
          payload: { id: '123456789', uuid: 'dXVpZA==', ver: 1004090 },
        });
      const res = await beat();
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      const https = await beat({ 'x-forwarded-proto': 'https' });
      expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      // Any other path, even one the client also calls, keeps the full set.
      const sysinfoVer = await t.app.inject({ method: 'POST', url: '/api/sysinfo_ver' });
      expectSecurityHeaders(sysinfoVer.headers);
    } finally {
      await t.close();
    }
  });
});
