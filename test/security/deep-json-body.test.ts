import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientLogin } from '../address-books.ts';
import { ADMIN_PASSWORD, buildTestApp, dialects, signIn, type TestApp } from '../harness.ts';

/**
 * Attack: JSON nested 100,000 levels deep, sent to any route (most need no sign-in). It used to
 * answer 500 after holding the event loop; now every route refuses it with 400 BODY_TOO_DEEP before
 * parsing, quickly, and the server keeps answering.
 */
const DEPTH = 100_000;
const deepArray = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;
const deepObject = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;
// A well-formed upload with one deep extra field: on the old code this reached the audit handler,
// whose JSON.stringify overflowed the stack (500).
const deepField = `{"id":"123456789","uuid":"dQ==","action":"new","x":${deepObject}}`;
const SENTENCE = /nested more than 32 levels deep/;

describe.each(dialects())('deep JSON bodies on %s', (dialect) => {
  let t: TestApp;
  let consoleHeaders: Record<string, string>;
  let clientToken: string;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    consoleHeaders = (await signIn(t.app)).headers;
    clientToken = await clientLogin(t.app, 'admin', ADMIN_PASSWORD);
  });
  afterAll(async () => t.close());

  // Unauthenticated routes first: the attacker needs no account.
  const routes = () => [
    { url: '/api/login', headers: {} },
    { url: '/api/heartbeat', headers: {} },
    { url: '/api/audit/conn', headers: {} },
    { url: '/api/oidc/auth', headers: {} },
    { url: '/api/console/auth/login', headers: {} },
    { url: '/api/ab/peer/add/nope', headers: {} },
    { url: '/api/ab/personal', headers: { authorization: `Bearer ${clientToken}` } },
    { url: '/api/console/users', headers: consoleHeaders },
  ];

  it('refuses a 100,000-deep array, object or field on every route with 400 and a sentence, quickly', async () => {
    for (const { url, headers } of routes()) {
      for (const [shape, payload] of [
        ['array', deepArray],
        ['object', deepObject],
        ['deep field', deepField],
      ] as const) {
        const started = performance.now();
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: { ...headers, 'content-type': 'application/json' },
          payload,
        });
        const ms = performance.now() - started;
        expect(res.statusCode, `${url} ${shape}: ${res.body.slice(0, 200)}`).toBe(400);
        expect(res.json()).toMatchObject({ code: 'BODY_TOO_DEEP', error: expect.stringMatching(SENTENCE) });
        // A stall guard, not a speed target: the refusal is one linear pass (a few ms here), but a CI run on two
        // loaded cores once took 319 ms, so the bound is generous. Without the depth check the checks of the answer above fail.
        expect(ms, `${url} ${shape} took ${ms.toFixed(0)} ms`).toBeLessThan(2000);
      }
    }
    const health = await t.app.inject({ method: 'GET', url: '/api/login-options' });
    expect(health.statusCode).toBe(200);
  });

  it('refuses a deep legacy address book hidden in the "data" string', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/ab',
      headers: { authorization: `Bearer ${clientToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ data: deepArray }),
    });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BODY_TOO_DEEP' });
  });

  it('still parses ordinary bodies, counts brackets inside strings as text, and explains malformed JSON', async () => {
    const inString = JSON.stringify({ username: '[[[[{{{{'.repeat(20), password: '\\"[[[[' });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: inString,
    });
    expect(login.json().code).not.toBe('BODY_TOO_DEEP');
    const at32 = `${'['.repeat(31)}${']'.repeat(31)}`;
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD, x: JSON.parse(at32) }),
    });
    expect(ok.json().code).toBe('VALIDATION_FAILED');
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({ code: 'BAD_REQUEST', error: 'The request body is not valid JSON.' });
    const poisoned = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__":{"isAdmin":true},"username":"admin","password":"x"}',
    });
    expect(poisoned.statusCode).toBe(400);
  });
});
