import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientLogin, createUser } from '../address-books.ts';
import { buildTestApp, dialects, signIn, type TestApp } from '../harness.ts';

const DAY = 24 * 60 * 60 * 1000;
const deviceOf = (id: string) => ({ id, uuid: Buffer.from(`uuid-${id}`).toString('base64') });

/**
 * Attack: a RustDesk client token issued to device A is copied (a backup, a shared profile, malware)
 * and replayed from elsewhere. It used to be accepted from anywhere as long as `id`/`uuid` were left
 * out, and lived forever while used. Regression for issue 9 §4: where the client always sends its
 * id/uuid (currentUser, logout — flutter/lib/models/user_model.dart, src/ui/index.tis) they are
 * required and must be A's; every token ends after DESKGATE_CLIENT_TOKEN_MAX_DAYS however often used.
 */
describe.each(dialects())('stolen client token replay on %s', (dialect) => {
  let t: TestApp;
  let token: string;
  const A = deviceOf('111222333');
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    await createUser(t.app, await signIn(t.app), 'hana');
    token = await clientLogin(t.app, 'hana', 'hana-password', A.id);
  });
  afterAll(async () => t.close());

  const post = (url: string, payload: object, bearer = token) =>
    t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${bearer}` }, payload });

  it('refuses the token on currentUser without id/uuid, with half of them, or with another device', async () => {
    expect((await post('/api/currentUser', {})).statusCode).toBe(401);
    expect((await post('/api/currentUser', { id: A.id })).statusCode).toBe(401);
    expect((await post('/api/currentUser', { uuid: A.uuid })).statusCode).toBe(401);
    expect((await post('/api/currentUser', deviceOf('444555666'))).statusCode).toBe(401);
    expect((await post('/api/currentUser', { id: A.id, uuid: deviceOf('9').uuid })).statusCode).toBe(401);
    const own = await post('/api/currentUser', A);
    expect(own.statusCode).toBe(200);
    expect(own.json().name).toBe('hana');
  });

  it('still serves a token that was issued without a device (a client that sent none) without one', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'hana', password: 'hana-password', type: 'account' },
    });
    const unbound = res.json().access_token as string;
    expect((await post('/api/currentUser', {}, unbound)).statusCode).toBe(200);
  });

  it('does not let a replayed logout without the device sign device A out', async () => {
    expect((await post('/api/logout', {})).statusCode).toBe(401);
    expect((await post('/api/currentUser', A)).statusCode).toBe(200);
  });

  it('ends the token after the absolute lifetime however recently it was used', async () => {
    const used = await clientLogin(t.app, 'hana', 'hana-password', '777888999');
    const B = deviceOf('777888999');
    const now = Date.now();
    await t.db.kysely
      .updateTable('client_tokens')
      .set({ created_at: now - 91 * DAY, last_used_at: now - 60_000, expires_at: now + 29 * DAY })
      .where('device_id', '=', B.id)
      .execute();
    expect((await post('/api/currentUser', B, used)).statusCode).toBe(401);
    // Bearer-only calls (the client sends no id/uuid there) are bounded by the same lifetime.
    expect((await post('/api/ab/personal', {}, used)).statusCode).toBe(401);
  });

  it('honours DESKGATE_CLIENT_TOKEN_MAX_DAYS', async () => {
    const short = await buildTestApp(dialect, { clientTokenMaxDays: 7 });
    try {
      await createUser(short.app, await signIn(short.app), 'ivan');
      const fresh = await clientLogin(short.app, 'ivan', 'ivan-password', A.id);
      const currentUser = () =>
        short.app
          .inject({
            method: 'POST',
            url: '/api/currentUser',
            headers: { authorization: `Bearer ${fresh}` },
            payload: A,
          })
          .then((r) => r.statusCode);
      expect(await currentUser()).toBe(200);
      await short.db.kysely
        .updateTable('client_tokens')
        .set({ created_at: Date.now() - 8 * DAY })
        .execute();
      expect(await currentUser()).toBe(401);
    } finally {
      await short.close();
    }
  });
});
