import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type TestApp } from './harness.ts';

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
