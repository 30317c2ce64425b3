import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abRequest, clientLogin } from './address-books.ts';
import { registerDevice } from './devices.ts';
import { ADMIN_PASSWORD, buildTestApp, dialects, signIn, type TestApp } from './harness.ts';

/**
 * Sends malformed input to EVERY route the app declares (read from its own OpenAPI document) and
 * asserts no 5xx and, for JSON routes, a JSON body with an `error` sentence.
 */
describe('malformed-input sweep', () => {
  let t: TestApp;
  let routes: Array<{ method: string; url: string }>;
  let clientToken: string;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    clientToken = await clientLogin(t.app, 'admin', ADMIN_PASSWORD);
    // Real ids for path parameters, so signed-in requests get past "not found" into the handlers.
    const book = (await abRequest(t.app, clientToken, 'POST', '/api/ab/personal')).json().guid as string;
    const samples: Record<string, string> = {
      guid: book,
      id: book,
      peerId: '123',
      name: 'tag',
      shareId: 'x',
    };
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .flatMap((m) => [
          { method: m.toUpperCase(), url: path.replace(/\{[^}]+\}/g, 'x'.repeat(300)) },
          ...(path.includes('{')
            ? [
                {
                  method: m.toUpperCase(),
                  url: path.replace(/\{([^}]+)\}/g, (_, p: string) => samples[p] ?? 'x'),
                },
              ]
            : []),
        ]),
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

  // Well-formed bodies that reach past validation into the two-factor logic (nothing enrolled,
  // unknown challenges): each must be a 4xx with a sentence, never 5xx.
  const TWO_FACTOR_SAMPLES: Array<{ method: 'POST' | 'GET' | 'DELETE'; url: string; payload?: object }> = [
    {
      method: 'POST',
      url: '/api/console/auth/login/second-factor',
      payload: { challenge: 'x', code: '123456' },
    },
    {
      method: 'POST',
      url: '/api/console/auth/login/second-factor',
      payload: { challenge: 'x', code: 'abcd-efgh' },
    },
    { method: 'POST', url: '/api/console/auth/2fa/confirm', payload: { code: '123456' } },
    { method: 'POST', url: '/api/console/auth/2fa/disable', payload: { code: '123456' } },
    { method: 'POST', url: '/api/console/auth/2fa/disable', payload: { password: 'x' } },
    { method: 'DELETE', url: '/api/console/users/no-such-user/2fa' },
    { method: 'GET', url: '/api/console/users/no-such-user/2fa' },
    {
      method: 'POST',
      url: '/api/login',
      payload: {
        username: 'admin',
        type: 'email_code',
        verificationCode: '123456',
        tfaCode: '123456',
        secret: 'x',
      },
    },
    {
      method: 'POST',
      url: '/api/login',
      payload: { username: 'admin', type: 'email_code', secret: 'x'.repeat(500) },
    },
    {
      method: 'POST',
      url: '/api/login',
      payload: { username: 'admin', type: 'email_code', verificationCode: '1', tfaCode: '', secret: 'x' },
    },
  ];
  it('answers well-formed but wrong two-factor input with 4xx and a sentence', async () => {
    const admin = await signIn(t.app);
    const failures: string[] = [];
    for (const headers of [{}, admin.headers]) {
      for (const sample of TWO_FACTOR_SAMPLES) {
        const res = await t.app.inject({
          method: sample.method,
          url: sample.url,
          headers,
          ...(sample.payload ? { payload: sample.payload } : {}),
        });
        if (res.statusCode < 400 || res.statusCode >= 500 || typeof res.json().error !== 'string')
          failures.push(
            `${sample.method} ${sample.url} ${JSON.stringify(sample.payload)} → ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
      }
    }
    expect(failures).toEqual([]);
  });

  // Well-formed requests with wrong values reach the handlers (the malformed ones above stop at the schema).
  const CLIENT_SAMPLES: Array<{ method: 'GET' | 'POST'; url: string; payload?: object }> = [
    { method: 'POST', url: '/api/oidc/auth', payload: { op: 'nope', id: '1', uuid: 'dQ==' } },
    { method: 'POST', url: '/api/oidc/auth', payload: { op: 'x'.repeat(64), id: '', uuid: '' } },
    { method: 'POST', url: '/api/oidc/auth', payload: { op: 'a', id: '1', uuid: 'u', deviceInfo: null } },
    { method: 'POST', url: '/api/oidc/auth', payload: { op: 'a', id: 1, uuid: ['u'], apiDomain: {} } },
    { method: 'GET', url: '/api/oidc/auth-query?code=nope&id=1&uuid=dQ%3D%3D' },
    { method: 'GET', url: `/api/oidc/auth-query?code=${'x'.repeat(5000)}&id=1&uuid=u` },
    { method: 'GET', url: '/api/oidc/auth-query?code=&id=&uuid=' },
    { method: 'GET', url: '/api/oidc/auth-query?code=a&code=b&id=1&uuid=u' },
    { method: 'GET', url: '/api/oidc/callback?state=forged&code=x' },
    { method: 'GET', url: '/api/oidc/callback?error=access_denied&state=forged' },
  ];

  it('answers wrong values at the client endpoints with a JSON error or a page, never 5xx', async () => {
    const failures: string[] = [];
    for (const sample of CLIENT_SAMPLES) {
      const res = await t.app.inject(sample);
      const isJson = String(res.headers['content-type'] ?? '').includes('application/json');
      if (
        res.statusCode >= 500 ||
        (res.statusCode >= 400 && (!isJson || typeof res.json().error !== 'string'))
      )
        failures.push(
          `${sample.method} ${sample.url.slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 200)}`,
        );
    }
    expect(failures).toEqual([]);
  });

  // The "Accessible devices" listings (spec §7) and the access-rule console, signed in, with wrong values.
  const ACCESS_SAMPLES: Array<{ method: 'GET' | 'PUT' | 'PATCH' | 'POST'; url: string; payload?: object }> = [
    { method: 'GET', url: '/api/peers?current=0&pageSize=100&accessible=&status=1' },
    { method: 'GET', url: '/api/peers?current=1e30&pageSize=100000&status=abc' },
    { method: 'GET', url: `/api/users?current=1&pageSize=100&accessible=${'x'.repeat(5000)}&status=1` },
    { method: 'GET', url: '/api/users?current=1&current=2&pageSize=100&status=9' },
    { method: 'GET', url: '/api/device-group/accessible?current=-1&pageSize=0' },
    { method: 'GET', url: '/api/device-group/accessible?current=999999&pageSize=1000' },
    { method: 'PUT', url: '/api/console/device-groups/nope/grants', payload: { userIds: [], groupIds: [] } },
    { method: 'PUT', url: '/api/console/groups/nope/device-access', payload: { targetGroupIds: ['nope'] } },
    { method: 'PATCH', url: '/api/console/devices/nope', payload: { userId: 'nope', deviceGroupId: null } },
    { method: 'PATCH', url: '/api/console/device-groups/nope', payload: { name: 'x' } },
    { method: 'POST', url: '/api/console/device-groups', payload: { name: '   ' } },
  ];
  it('answers wrong values at the listings and access-rule console with a page or a 4xx sentence', async () => {
    const admin = await signIn(t.app);
    const failures: string[] = [];
    for (const sample of ACCESS_SAMPLES) {
      const headers = sample.url.startsWith('/api/console/')
        ? admin.headers
        : { authorization: `Bearer ${clientToken}` };
      const res = await t.app.inject({ ...sample, headers });
      if (res.statusCode >= 500 || (res.statusCode >= 400 && typeof res.json().error !== 'string'))
        failures.push(
          `${sample.method} ${sample.url.slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 200)}`,
        );
    }
    expect(failures).toEqual([]);
  });

  // RustDesk audit uploads (spec §1.6): a 2xx with a body, 408 or 429 makes the client retry a
  // request that can never succeed, so malformed input must be a plain 4xx (dropped) or stored.
  it('answers malformed audit uploads so the client never retries them', async () => {
    const failures: string[] = [];
    for (const url of ['/api/audit/conn', '/api/audit/file', '/api/audit/alarm']) {
      for (const b of BAD_BODIES) {
        const res = await t.app.inject({ method: 'POST', url, headers: b.headers, payload: b.payload });
        const retried = res.statusCode >= 500 || [408, 429].includes(res.statusCode);
        if (retried || (res.statusCode < 300 && res.body !== ''))
          failures.push(`${url} (${b.name}) → ${res.statusCode} ${res.body.slice(0, 100)}`);
      }
    }
    // Well-formed uploads that the gate refuses: an unregistered device, too much detail, a flood.
    await registerDevice(t.app, '123456789', 'c3dlZXA=');
    const device = { id: '123456789', uuid: 'c3dlZXA=' };
    const refused = [
      { id: '999888777', uuid: 'dQ==', action: 'new' },
      { ...device, uuid: 'd3Jvbmc=', action: 'new' },
      { ...device, action: 'new', extra: 'x'.repeat(9000) },
      { id: device.id, session_id: '1', note: 'no such session' },
    ];
    for (const body of refused) {
      const res = await t.app.inject({ method: 'POST', url: '/api/audit/conn', payload: body });
      if (res.statusCode < 400 || res.statusCode >= 500 || [408, 429].includes(res.statusCode))
        failures.push(`/api/audit/conn ${JSON.stringify(body).slice(0, 60)} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  for (const auth of ['anonymous', 'admin', 'rustdesk client'] as const) {
    it(`never answers 5xx to malformed input (${auth})`, async () => {
      const headers: Record<string, string> =
        auth === 'admin'
          ? (await signIn(t.app)).headers
          : auth === 'rustdesk client'
            ? { authorization: `Bearer ${clientToken}` }
            : {};
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
            ...(route.method === 'GET' ? {} : { payload: a.payload }),
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
