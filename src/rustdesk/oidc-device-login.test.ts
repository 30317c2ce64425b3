import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmationCookie, confirmationForm, decideByInject } from '../../test/device-approval.ts';
import {
  buildSecondInstance,
  buildTestApp,
  type ConsoleSession,
  dialects,
  signIn,
  type TestApp,
} from '../../test/harness.ts';
import { startTestOp, type TestOp } from '../../test/op/index.ts';
import { type Device, injectTransport, RustDeskClient } from '../../test/rustdesk-client.ts';
import { pruneExpiredDeviceLogins } from './device-logins.repo.ts';

// The OIDC device login of spec §4, driven by the client emulator; the person's browser is the test OP's
// browserless user agent, whose request back to DeskGate is injected like any other.

const ORIGIN = 'http://127.0.0.1:21114';
const TENANT = randomUUID();
const PENDING_BODY = '{"error":"No authed oidc is found"}';
// A uuid with every character base64 can carry that a query string must encode (+ / =).
const DEVICE: Device = {
  id: '123456789',
  uuid: 'a+b/c9==',
  deviceInfo: { os: 'linux', type: 'client', name: 'alice-pc' },
};
const FAST = { intervalMs: 50, timeoutMs: 20_000 };

let op: TestOp;
beforeAll(async () => {
  op = await startTestOp({ tenants: [TENANT] });
  await op.addClient({
    client_id: 'deskgate',
    client_secret: 'client-secret-1',
    redirect_uris: [`${ORIGIN}/api/oidc/callback`],
  });
  await op.addUser(TENANT, {
    accountId: 'alice',
    claims: { email: 'alice@contoso.example', name: 'Alice <Example>', groups: ['staff'] },
  });
  await op.addUser(TENANT, {
    accountId: 'bob',
    claims: { email: 'bob@other.example', name: 'Bob', groups: ['guests'] },
  });
});
afterAll(async () => op?.stop());

describe.each(dialects())('RustDesk OIDC device login on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  let providerId: string;
  beforeAll(async () => {
    t = await buildTestApp(dialect, { publicUrl: ORIGIN });
    admin = await signIn(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/console/sso/providers',
      headers: admin.headers,
      payload: {
        name: 'Contoso',
        type: 'entra',
        clientId: 'deskgate',
        clientSecret: 'client-secret-1',
        issuer: op.issuer(TENANT),
      },
    });
    expect(res.statusCode).toBe(201);
    providerId = res.json().id;
  });
  afterAll(async () => t.close());

  const client = (device: Device = DEVICE, app = t.app) => new RustDeskClient(injectTransport(app), device);
  const patchProvider = (body: Record<string, unknown>) =>
    t.app.inject({
      method: 'PATCH',
      url: `/api/console/sso/providers/${providerId}`,
      headers: admin.headers,
      payload: body,
    });
  /**
   * The person's browser: signs in at the OP, lands on the callback of `app`, presses Approve on DeskGate's
   * confirmation page when there is one (on `approveOn`, `app` unless given), and keeps the page it ends on.
   */
  const browserAs =
    (
      username: string,
      pages: string[],
      app = () => t.app,
      language = 'en-US,en;q=0.9',
      approveOn: () => FastifyInstance = app,
    ) =>
    async (url: string) => {
      const back = new URL((await op.loginAs(url, username)).url);
      let page = await app().inject({
        method: 'GET',
        url: `${back.pathname}${back.search}`,
        headers: { 'accept-language': language },
      });
      const form = confirmationForm(page.body);
      if (form) {
        expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        const cookie = confirmationCookie(page.headers['set-cookie']);
        page = await decideByInject(approveOn(), form, { decision: 'approve', cookie, language });
      }
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
      pages.push(page.body);
    };

  it('lists the provider with its name in its own case and a Microsoft icon', async () => {
    expect(await client().loginOptions()).toEqual([
      { name: 'Contoso', icon: expect.stringContaining('<svg') },
    ]);
  });

  it('signs the client in end to end: pending polls, the token once, currentUser, logout', async () => {
    const rd = client();
    const pages: string[] = [];
    const result = await rd.accountAuth('Contoso', {
      ...FAST,
      openBrowser: browserAs('alice', pages, undefined, 'ja,en;q=0.5'),
    });
    expect(result.failed_msg).toBe('');
    expect(result.state_msg).toBe('Login account auth');
    expect(result.auth_body).toMatchObject({
      type: 'access_token',
      user: { name: 'alice', display_name: 'Alice <Example>', status: 1, is_admin: false, info: {} },
    });
    // While the person was at the IdP, the client saw exactly the pending literal (HTTP 200).
    const pending = result.polls.slice(0, -1);
    expect(pending.length).toBeGreaterThan(0);
    for (const p of pending) expect(p).toEqual({ status: 200, body: PENDING_BODY });
    // Polls carry no headers; base64 + / = arrive percent-encoded.
    const poll = rd.sent.find((r) => r.path.startsWith('/api/oidc/auth-query'));
    expect(poll?.headers).toEqual({});
    expect(poll?.path).toContain('uuid=a%2Bb%2Fc9%3D%3D');
    // The browser tab says who signed in on which device, in Japanese, escaped.
    expect(pages[0]).toContain('<html lang="ja">');
    expect(pages[0]).toContain(
      '<strong>Alice &lt;Example&gt;</strong> としてデバイス <strong>123456789 (alice-pc)</strong> にサインインしました。',
    );

    const token = rd.accessToken as string;
    expect(token).toBeTruthy();
    const row = await t.db.kysely.selectFrom('device_logins').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'done', token_sealed: null, device_id: DEVICE.id });
    expect(JSON.stringify(row)).not.toContain(token);
    const stored = await t.db.kysely
      .selectFrom('client_tokens')
      .selectAll()
      .where('device_uuid', '=', DEVICE.uuid)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toBe(token);

    // The token is handed out once: a replayed poll gets a terminal error, not the token.
    const code = new URLSearchParams(
      rd.sent.find((r) => r.path.startsWith('/api/oidc/auth-query'))?.path.split('?')[1],
    ).get('code') as string;
    const again = await rd.oidcQuery(code);
    expect(again.parsed).toMatchObject({ kind: 'Error', message: expect.stringMatching(/handed out once/) });
    expect(again.res.body).not.toContain(token);

    expect(await rd.currentUser()).toMatchObject({ kind: 'user', user: { name: 'alice', isAdmin: false } });
    // The token is bound to this device: another RustDesk ID presenting it is logged out.
    const thief = client({ ...DEVICE, id: '987654321' });
    thief.accessToken = token;
    expect(await thief.currentUser()).toMatchObject({ kind: 'loggedOut', status: 401 });

    await rd.logout();
    rd.accessToken = token;
    expect(await rd.currentUser()).toMatchObject({ kind: 'loggedOut', status: 401, error: 'Invalid token' });

    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'target', 'detail'])
      .where('action', 'like', 'client.oidc.%')
      .execute();
    expect(audit).toEqual([
      { action: 'client.oidc.login.success', target: 'alice', detail: expect.any(String) },
    ]);
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toEqual({
      provider: 'Contoso',
      device: DEVICE.id,
      deviceName: 'alice-pc',
      decision: 'approved',
      clientIp: '127.0.0.1',
      browserIp: '127.0.0.1',
    });
  });

  it('refuses people the provider does not allow, and tells the client why', async () => {
    await patchProvider({ allowedGroups: ['staff'] });
    try {
      const pages: string[] = [];
      const result = await client().accountAuth('Contoso', { ...FAST, openBrowser: browserAs('bob', pages) });
      expect(result.state_msg).toBe('Waiting account auth');
      expect(result.failed_msg).toMatch(/not a member of a group allowed/);
      expect(pages[0]).toContain('Sign-in failed');
      expect(pages[0]).toContain('Your account is not allowed to sign in here.');
      const failure = await t.db.kysely
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'client.oidc.login.failure')
        .executeTakeFirstOrThrow();
      expect(failure.detail).toMatch(/not a member of a group allowed/);
    } finally {
      await patchProvider({ allowedGroups: [] });
    }
  });

  it('refuses unknown people when auto-register is off, and disabled users', async () => {
    await patchProvider({ autoRegister: false });
    let result = await client().accountAuth('Contoso', { ...FAST, openBrowser: browserAs('bob', []) });
    expect(result.failed_msg).toMatch(/not registered in DeskGate/);
    await patchProvider({ autoRegister: true });

    const alice = await t.db.kysely
      .selectFrom('users')
      .select('id')
      .where('username_key', '=', 'alice')
      .executeTakeFirstOrThrow();
    const disable = (enabled: boolean) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/console/users/${alice.id}`,
        headers: admin.headers,
        payload: { enabled },
      });
    await disable(false);
    try {
      result = await client().accountAuth('Contoso', { ...FAST, openBrowser: browserAs('alice', []) });
      expect(result.failed_msg).toMatch(/account is disabled/);
    } finally {
      await disable(true);
    }
  });

  it('refuses a user with local 2FA when the provider asks for it after SSO (the client cannot ask)', async () => {
    const alice = await t.db.kysely
      .selectFrom('users')
      .select('id')
      .where('username_key', '=', 'alice')
      .executeTakeFirstOrThrow();
    // A confirmed authenticator, as the enrolment leaves it (the code itself is never asked here).
    await t.db.kysely
      .insertInto('user_two_factor')
      .values({
        user_id: alice.id,
        secret_sealed: 'unused',
        confirmed_at: Date.now(),
        last_used_step: 0,
        created_at: Date.now(),
      })
      .execute();
    await patchProvider({ skipLocal2fa: false });
    try {
      const result = await client().accountAuth('Contoso', { ...FAST, openBrowser: browserAs('alice', []) });
      expect(result.failed_msg).toMatch(/two-factor code/);
      expect(result.auth_body).toBeUndefined();
    } finally {
      await patchProvider({ skipLocal2fa: true });
      await t.db.kysely.deleteFrom('user_two_factor').where('user_id', '=', alice.id).execute();
    }
  });

  it('passes an error from the identity provider on to the client', async () => {
    const rd = client();
    const auth = await rd.oidcAuth('Contoso');
    if (auth.kind !== 'Data') throw new Error(JSON.stringify(auth));
    const state = new URL(auth.value.url).searchParams.get('state') as string;
    const page = await t.app.inject({
      method: 'GET',
      url: `/api/oidc/callback?error=access_denied&error_description=The+user+cancelled&state=${encodeURIComponent(state)}`,
      headers: { 'accept-language': 'ja' },
    });
    expect(page.body).toContain('IDプロバイダーがサインインを拒否しました。');
    expect((await rd.oidcQuery(auth.value.code)).parsed).toEqual({
      kind: 'Error',
      message: 'The identity provider refused the sign-in: access_denied — The user cancelled.',
    });
  });

  it('expires a pending login: the poll stops with an error and a late callback is refused', async () => {
    const rd = client();
    const auth = await rd.oidcAuth('Contoso');
    if (auth.kind !== 'Data') throw new Error(JSON.stringify(auth));
    expect((await rd.oidcQuery(auth.value.code)).res.body).toBe(PENDING_BODY);
    await t.db.kysely
      .updateTable('device_logins')
      .set({ expires_at: Date.now() - 1 })
      .where('status', '=', 'pending')
      .execute();
    expect((await rd.oidcQuery(auth.value.code)).parsed).toMatchObject({
      kind: 'Error',
      message: expect.stringMatching(/has expired/),
    });
    const pages: string[] = [];
    await browserAs('alice', pages)(auth.value.url);
    expect(pages[0]).toContain('This device sign-in has expired or was already completed.');
    expect(rd.accessToken).toBeUndefined();
  });

  it('gives the token only to the device that started the login', async () => {
    const rd = client();
    const auth = await rd.oidcAuth('Contoso');
    if (auth.kind !== 'Data') throw new Error(JSON.stringify(auth));
    await browserAs('alice', [])(auth.value.url);
    for (const other of [
      { ...DEVICE, id: '555555555' },
      { ...DEVICE, uuid: 'b3RoZXI=' },
    ]) {
      const polled = await client(other).oidcQuery(auth.value.code);
      expect(polled.parsed).toMatchObject({
        kind: 'Error',
        message: expect.stringMatching(/another device/),
      });
      expect(polled.res.body).not.toContain('access_token');
    }
    // The device that started it still receives its token.
    expect((await rd.oidcQuery(auth.value.code)).parsed.kind).toBe('Data');
  });

  it('revokes a token nobody fetched when its login expires', async () => {
    const rd = client({ ...DEVICE, id: '424242424' });
    const auth = await rd.oidcAuth('Contoso');
    if (auth.kind !== 'Data') throw new Error(JSON.stringify(auth));
    await browserAs('alice', [])(auth.value.url);
    const issued = () =>
      t.db.kysely.selectFrom('client_tokens').select('id').where('device_id', '=', '424242424').execute();
    expect(await issued()).toHaveLength(1);
    await t.db.kysely
      .updateTable('device_logins')
      .set({ expires_at: Date.now() - 1 })
      .execute();
    await pruneExpiredDeviceLogins(t.db.kysely);
    expect(await issued()).toEqual([]);
    expect(await t.db.kysely.selectFrom('device_logins').selectAll().execute()).toEqual([]);
    expect((await rd.oidcQuery(auth.value.code)).parsed).toMatchObject({ kind: 'Error' });
  });

  it('answers unknown codes and providers with errors the client shows', async () => {
    const rd = client();
    expect((await rd.oidcQuery('no-such-code')).parsed).toMatchObject({
      kind: 'Error',
      message: expect.stringMatching(/unknown or has expired/),
    });
    expect(await rd.accountAuth('nope', FAST)).toMatchObject({
      state_msg: 'Requesting account auth',
      failed_msg: expect.stringMatching(/no enabled sign-in provider named "nope"/),
    });
  });

  it('reports an unreachable IdP in words with a 4xx (a 5xx would send the client to the hbbs proxy)', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/console/sso/providers',
      headers: admin.headers,
      payload: { name: 'Broken', type: 'oidc', clientId: 'x', issuer: 'http://127.0.0.1:9/nothing' },
    });
    expect(created.statusCode).toBe(201);
    try {
      const rd = client();
      expect((await rd.accountAuth('Broken', FAST)).failed_msg).toMatch(/could not reach "Broken"/);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/oidc/auth',
        payload: { op: 'Broken', id: DEVICE.id, uuid: DEVICE.uuid },
      });
      expect(res.statusCode).toBe(424);
    } finally {
      await t.app.inject({
        method: 'DELETE',
        url: `/api/console/sso/providers/${created.json().id}`,
        headers: admin.headers,
      });
    }
  });

  it.runIf(dialect === 'postgres')(
    'completes a device login whose callback lands on a second instance and whose Approve lands on the first',
    async () => {
      const other = await buildSecondInstance(t);
      try {
        const rd = client();
        const result = await rd.accountAuth('Contoso', {
          ...FAST,
          openBrowser: browserAs(
            'alice',
            [],
            () => other.app,
            'en',
            () => t.app,
          ),
        });
        expect(result.failed_msg).toBe('');
        expect(result.auth_body?.user.name).toBe('alice');
        expect(await rd.currentUser()).toMatchObject({ kind: 'user', user: { name: 'alice' } });
      } finally {
        await other.close();
      }
    },
  );

  it.runIf(dialect === 'postgres')(
    'uses the client secret a second instance saved at the next device login here (cached configuration rebuilt)',
    async () => {
      // Warm this instance's cache of the provider's configuration (discovery, client secret).
      expect(
        (await client().accountAuth('Contoso', { ...FAST, openBrowser: browserAs('alice', []) })).failed_msg,
      ).toBe('');
      const other = await buildSecondInstance(t);
      const patchOn = (clientSecret: string) =>
        other.app.inject({
          method: 'PATCH',
          url: `/api/console/sso/providers/${providerId}`,
          headers: admin.headers,
          payload: { clientSecret },
        });
      try {
        expect((await patchOn('not-the-secret')).statusCode).toBe(200);
        const refused = await client().accountAuth('Contoso', {
          ...FAST,
          openBrowser: browserAs('alice', []),
        });
        expect(refused.auth_body).toBeUndefined();
        expect(refused.failed_msg).toMatch(/identity provider/i);
      } finally {
        expect((await patchOn('client-secret-1')).statusCode).toBe(200);
        await other.close();
      }
      const back = await client().accountAuth('Contoso', { ...FAST, openBrowser: browserAs('alice', []) });
      expect(back.failed_msg).toBe('');
      expect(back.auth_body?.user.name).toBe('alice');
    },
  );
});
