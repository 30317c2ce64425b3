import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, signIn, type TestApp } from './harness.ts';

/**
 * Sends malformed input to EVERY route the app declares (read from its own OpenAPI document) and
 * asserts no 5xx and, for JSON routes, a JSON body with an `error` sentence.
 */
describe('malformed-input sweep', () => {
  let t: TestApp;
  let routes: Array<{ method: string; url: string }>;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase(), url: path.replace(/\{[^}]+\}/g, 'x'.repeat(300)) })),
    );
  });
  afterAll(async () => t.close());

  const BAD_BODIES: Array<{ name: string; headers: Record<string, string>; payload: string }> = [
    { name: 'invalid JSON', headers: { 'content-type': 'application/json' }, payload: '{"a":' },
    {
      name: 'wrong types',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":[1],"password":{},"name":null,"id":true}',
    },
    { name: 'unknown fields', headers: { 'content-type': 'application/json' }, payload: '{"zzz":1}' },
    { name: 'an array', headers: { 'content-type': 'application/json' }, payload: '[1,2,3]' },
    { name: 'a string', headers: { 'content-type': 'application/json' }, payload: '"hello"' },
    { name: 'text/plain', headers: { 'content-type': 'text/plain' }, payload: 'hello' },
    {
      name: 'oversized',
      headers: { 'content-type': 'application/json' },
      payload: `{"a":"${'x'.repeat(1024 * 1024 + 10)}"}`,
    },
    {
      name: 'deep nesting',
      headers: { 'content-type': 'application/json' },
      payload: `${'['.repeat(5000)}${']'.repeat(5000)}`,
    },
  ];

  it('knows every route', () => {
    expect(routes.length).toBeGreaterThan(10);
  });

  for (const auth of ['anonymous', 'admin'] as const) {
    it(`never answers 5xx to malformed input (${auth})`, async () => {
      const headers = auth === 'admin' ? (await signIn(t.app)).headers : {};
      const failures: string[] = [];
      for (const route of routes) {
        const attempts = [
          ...BAD_BODIES.map((b) => ({ ...b, url: route.url })),
          {
            name: 'garbage query',
            headers: {},
            payload: '',
            url: `${route.url}?page=-1&pageSize=abc&search=${'%'.repeat(3)}&zz[]=1`,
          },
        ];
        for (const a of attempts) {
          const res = await t.app.inject({
            method: route.method as 'GET',
            url: a.url,
            headers: { ...headers, ...a.headers },
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: a.payload }),
          });
          const isJson = String(res.headers['content-type'] ?? '').includes('application/json');
          if (res.statusCode >= 500)
            failures.push(
              `${route.method} ${route.url.slice(0, 60)} (${a.name}) → ${res.statusCode} ${res.body.slice(0, 200)}`,
            );
          else if (res.statusCode >= 400 && isJson && typeof res.json().error !== 'string') {
            failures.push(
              `${route.method} ${route.url.slice(0, 60)} (${a.name}) → ${res.statusCode} without an error sentence`,
            );
          }
          if (/\bat .+:\d+:\d+/.test(res.body))
            failures.push(`${route.method} ${route.url.slice(0, 60)} (${a.name}) leaks a stack trace`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

/**
 * Client-shaped requests with hostile values (the device endpoints take no auth, so anyone can send
 * them), on every dialect: PostgreSQL refuses some text SQLite stores (NUL), so both must be swept.
 */
describe.each(dialects())('hostile values at the device endpoints on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(async () => t.close());

  const uuid = Buffer.from('sweep-machine').toString('base64');
  const HOSTILE: Array<[string, unknown]> = [
    ['heartbeat', { id: '1\u0000', uuid }],
    ['heartbeat', { id: "1' or 1=1 --", uuid, ver: 1e308, conns: [2 ** 31, -1], modified_at: -1 }],
    ['heartbeat', { id: '123456789', uuid: '\u0000', conns: [] }],
    ['heartbeat', { id: 'x'.repeat(100), uuid: 'ü'.repeat(500), strategy: { a: 1 } }],
    ['heartbeat', { id: 123456789, uuid: 42 }],
    ['sysinfo', { id: '123456789', uuid, hostname: 'a\u0000b', os: '\u{1F600}'.repeat(250) }],
    ['sysinfo', { id: '123456789', uuid, 'preset-note': 'x\u0000', 'preset-\u0000': 'y', cpu: null }],
    [
      'sysinfo',
      {
        id: '987654321',
        uuid,
        ...Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`preset-${i}`, 'v'])),
      },
    ],
    ['sysinfo', { id: '%_\\', uuid, username: 'SYSTEM', version: '1.4.9-2' }],
    ['sysinfo_ver', { anything: [1, 2, 3] }],
  ];

  it('never answers 5xx, and sysinfo only ever answers its literals or a 4xx sentence', async () => {
    const failures: string[] = [];
    for (const [path, body] of HOSTILE) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/${path}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
      const label = `${path} ${JSON.stringify(body).slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 120)}`;
      if (res.statusCode >= 500) failures.push(label);
      if (res.statusCode >= 400 && typeof res.json().error !== 'string')
        failures.push(`${label} (no sentence)`);
      if (
        path === 'sysinfo' &&
        res.statusCode === 200 &&
        !['SYSINFO_UPDATED', 'ID_NOT_FOUND'].includes(res.body)
      )
        failures.push(label);
    }
    const admin = await signIn(t.app);
    for (const url of ['/api/console/devices?search=%00', '/api/console/users?search=%00']) {
      const res = await t.app.inject({ method: 'GET', url, headers: admin.headers });
      if (res.statusCode >= 500) failures.push(`${url} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });
});
