import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConfirmationForm,
  confirmationCookie,
  confirmationForm,
  decideByInject,
} from '../device-approval.ts';
import { buildSecondInstance, buildTestApp, dialects, signIn, type TestApp } from '../harness.ts';
import { startTestOp, type TestBrowser, type TestOp } from '../op/index.ts';
import { type Device, RustDeskClient, type Transport } from '../rustdesk-client.ts';

// Issue 9 §1, the attack: anyone calls POST /api/oidc/auth with a made-up device and mails the IdP URL it
// got to a victim. The victim, already signed in at the IdP, opens it; on the old code nothing more was
// shown, the callback issued the token, and the attacker's polling of auth-query received the victim's
// 30-day RustDesk token. Now DeskGate's own page asks the victim first, and only Approve issues a token.

const ORIGIN = 'http://127.0.0.1:21114';
const TENANT = randomUUID();
const ATTACKER_IP = '203.0.113.66';
const VICTIM_IP = '198.51.100.7';
const PENDING = 'No authed oidc is found';

let op: TestOp;
beforeAll(async () => {
  op = await startTestOp({ tenants: [TENANT] });
  await op.addClient({
    client_id: 'deskgate',
    client_secret: 'client-secret-1',
    redirect_uris: [`${ORIGIN}/api/oidc/callback`],
  });
  await op.addUser(TENANT, {
    accountId: 'victim',
    claims: { email: 'victim@contoso.example', name: 'Vic Tim' },
  });
});
afterAll(async () => op?.stop());

/** The RustDesk client's calls as they arrive from `ip` (inject with a remote address). */
const transportFrom =
  (app: () => FastifyInstance, ip: string): Transport =>
  async ({ method, path, headers, body }) => {
    const res = await app().inject({
      method,
      url: path,
      headers,
      remoteAddress: ip,
      ...(body === undefined ? {} : { payload: body }),
    });
    return { status: res.statusCode, body: res.body };
  };

let deviceCounter = 0;
/** A made-up device; its name tries HTML on the confirmation page. */
const madeUpDevice = (): Device => ({
  id: String(700_000_000 + deviceCounter++),
  uuid: Buffer.from(randomUUID()).toString('base64'),
  deviceInfo: { os: 'windows', type: 'client', name: 'helpdesk-<b>pc</b>' },
});

describe.each(dialects())('device login phishing on %s', (dialect) => {
  let t: TestApp;
  /** The victim's browser: keeps its IdP session between logins. */
  let victim: TestBrowser;
  beforeAll(async () => {
    t = await buildTestApp(dialect, { publicUrl: ORIGIN });
    const admin = await signIn(t.app);
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
    // The victim signed in to the console this morning: the IdP has a session for them.
    victim = op.browser();
    const start = await t.app.inject({ method: 'GET', url: '/api/oidc/login/Contoso' });
    await victim.loginAs(String(start.headers.location), 'victim');
  });
  afterAll(async () => t.close());

  /** The attacker's client: starts the login, returns the IdP URL and a poll that reports what it got. */
  async function attackerStarts(app = () => t.app, ip = ATTACKER_IP) {
    const rd = new RustDeskClient(transportFrom(app, ip), madeUpDevice());
    const auth = await rd.oidcAuth('Contoso');
    if (auth.kind !== 'Data') throw new Error(JSON.stringify(auth));
    return { rd, url: auth.value.url, poll: async () => (await rd.oidcQuery(auth.value.code)).res };
  }

  /** The victim's browser opens the mailed link and lands on DeskGate's callback from `ip`. */
  async function victimOpens(url: string, app = t.app, ip = VICTIM_IP, language = 'en') {
    const back = new URL((await victim.loginAs(url, 'victim')).url);
    const page = await app.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      remoteAddress: ip,
      headers: { 'accept-language': language },
    });
    return {
      page,
      form: confirmationForm(page.body),
      cookie: confirmationCookie(page.headers['set-cookie']),
    };
  }

  const tokensOf = (device: Device) =>
    t.db.kysely.selectFrom('client_tokens').select('id').where('device_id', '=', device.id).execute();
  const auditOf = (device: string) =>
    t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', 'like', 'client.oidc.%')
      .orderBy('id')
      .execute()
      .then((rows) => rows.filter((r) => JSON.parse(r.detail).device === device));

  it('sends prompt=select_account, so an IdP session never finishes a device login silently', async () => {
    const { url } = await attackerStarts();
    expect(new URL(url).searchParams.get('prompt')).toBe('select_account');
  });

  it('gives the attacker nothing until the victim approves, and then only with the device ID typed', async () => {
    const { rd, url, poll } = await attackerStarts();
    const { page, form, cookie } = await victimOpens(url);
    // The attacker polls: still pending, and no token exists anywhere (the old code handed it out here).
    for (let i = 0; i < 3; i++) expect(JSON.parse((await poll()).body)).toEqual({ error: PENDING });
    expect(await tokensOf(rd.device)).toEqual([]);

    // DeskGate's own page, not a token: who, which device, its OS, from where and when, in red.
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sign in to RustDesk on this device?');
    expect(page.body).toContain(`${rd.device.id} (helpdesk-&lt;b&gt;pc&lt;/b&gt;)`);
    expect(page.body).not.toContain('<b>pc');
    expect(page.body).toContain('<td>windows</td>');
    expect(page.body).toContain(`<td>${ATTACKER_IP}</td>`);
    expect(page.body).toMatch(/<td>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC<\/td>/);
    expect(page.body).toContain('Vic Tim (victim)');
    expect(page.body).toMatch(
      new RegExp(
        `class="fail"><strong>This sign-in was requested from another network address \\(${ATTACKER_IP}\\)`,
      ),
    );
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(page.headers['content-security-policy']).toMatch(/form-action 'self'/);
    expect(page.headers['cache-control']).toBe('no-store');
    const setCookie = String(page.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(form).toMatchObject({ action: '/api/oidc/device-login/confirm', asksForId: true });

    const f = form as ConfirmationForm;
    // A forged Approve from another browser (the attacker's, without the cookie) changes nothing.
    const forged = await decideByInject(t.app, f, {
      decision: 'approve',
      cookie: undefined,
      deviceId: rd.device.id,
      remoteAddress: ATTACKER_IP,
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('can only be approved in the browser that signed in');
    // A cookie without the matching form field (or the other way round) is not enough either.
    const mixed = await decideByInject(t.app, f, {
      decision: 'approve',
      cookie,
      fields: { confirm: 'guessed' },
      deviceId: rd.device.id,
      remoteAddress: VICTIM_IP,
    });
    expect(mixed.statusCode).toBe(403);
    // Different addresses: one click is not enough; a wrong ID shows the page again with an error.
    for (const deviceId of [undefined, '111 111 111']) {
      const again = await decideByInject(t.app, f, {
        decision: 'approve',
        cookie,
        remoteAddress: VICTIM_IP,
        ...(deviceId ? { deviceId } : {}),
      });
      expect(again.statusCode).toBe(400);
      expect(again.body).toContain('The ID you typed is not this device&#39;s ID.');
      expect(confirmationForm(again.body)?.asksForId).toBe(true);
    }
    expect(JSON.parse((await poll()).body)).toEqual({ error: PENDING });
    expect(await tokensOf(rd.device)).toEqual([]);

    // The ID as RustDesk shows it (grouped with spaces) approves; then the client gets its token once.
    const grouped = rd.device.id.replace(/(\d{3})(?=\d)/g, '$1 ');
    const approved = await decideByInject(t.app, f, {
      decision: 'approve',
      cookie,
      deviceId: grouped,
      remoteAddress: VICTIM_IP,
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.body).toContain('Signed in as <strong>Vic Tim</strong>');
    const polled = await rd.oidcQuery(
      new URLSearchParams(rd.sent.at(-1)?.path.split('?')[1]).get('code') ?? '',
    );
    expect(polled.parsed).toMatchObject({ kind: 'Data', value: { user: { name: 'victim' } } });

    // Replaying the Approve (same browser, same form) issues nothing more.
    const replay = await decideByInject(t.app, f, {
      decision: 'approve',
      cookie,
      deviceId: rd.device.id,
      remoteAddress: VICTIM_IP,
    });
    expect(replay.statusCode).toBe(403);
    expect(replay.body).toContain('expired or was already completed');
    expect(await tokensOf(rd.device)).toHaveLength(1);

    // The trail: both addresses, the decision, the person and the device; refusals too.
    const trail = await auditOf(rd.device.id);
    const success = trail.find((r) => r.action === 'client.oidc.login.success');
    expect(success).toMatchObject({ actor_name: 'victim', target: 'victim', ip: VICTIM_IP });
    expect(JSON.parse(success?.detail ?? '{}')).toMatchObject({
      decision: 'approved',
      device: rd.device.id,
      clientIp: ATTACKER_IP,
      browserIp: VICTIM_IP,
    });
    expect(trail.filter((r) => r.action === 'client.oidc.login.confirm-refused')).toHaveLength(4);
  });

  it('Deny ends the login: the next poll is a 4xx refusal sentence, and Approve afterwards does nothing', async () => {
    const { rd, url, poll } = await attackerStarts();
    const { form, cookie } = await victimOpens(url, t.app, VICTIM_IP, 'ja');
    expect(form).toBeDefined();
    const f = form as ConfirmationForm;
    const denied = await decideByInject(t.app, f, {
      decision: 'deny',
      cookie,
      remoteAddress: VICTIM_IP,
      language: 'ja',
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.body).toContain('サインインを拒否しました');
    const refused = await poll();
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(JSON.parse(refused.body).error).toMatch(/denied in the browser/);
    const late = await decideByInject(t.app, f, {
      decision: 'approve',
      cookie,
      deviceId: rd.device.id,
      remoteAddress: VICTIM_IP,
    });
    expect(late.statusCode).toBe(403);
    expect(await tokensOf(rd.device)).toEqual([]);
    const entry = (await auditOf(rd.device.id)).find((r) => r.action === 'client.oidc.login.denied');
    expect(entry).toMatchObject({ actor_name: 'victim', ip: VICTIM_IP });
    expect(JSON.parse(entry?.detail ?? '{}')).toMatchObject({
      decision: 'denied',
      clientIp: ATTACKER_IP,
      browserIp: VICTIM_IP,
    });
  });

  it('same address for client and browser: one click approves, no ID asked', async () => {
    const { rd, url, poll } = await attackerStarts(() => t.app, VICTIM_IP);
    const { page, form, cookie } = await victimOpens(url);
    expect(page.body).not.toContain('another network address');
    expect(form?.asksForId).toBe(false);
    const ok = await decideByInject(t.app, form as ConfirmationForm, {
      decision: 'approve',
      cookie,
      remoteAddress: VICTIM_IP,
    });
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse((await poll()).body)).toMatchObject({ type: 'access_token' });
    expect(await tokensOf(rd.device)).toHaveLength(1);
  });

  it.runIf(dialect === 'postgres')(
    'two instances: callback on one, approve on the other, poll on either; racing approvals issue one token',
    async () => {
      const other = await buildSecondInstance(t);
      try {
        const { rd, url, poll } = await attackerStarts(() => other.app, VICTIM_IP);
        const { form, cookie } = await victimOpens(url, t.app);
        const f = form as ConfirmationForm;
        expect(JSON.parse((await poll()).body)).toEqual({ error: PENDING });
        const both = await Promise.all(
          [other.app, t.app].map((app) =>
            decideByInject(app, f, { decision: 'approve', cookie, remoteAddress: VICTIM_IP }),
          ),
        );
        expect(both.map((r) => r.statusCode).sort()).toEqual([200, 403]);
        expect(await tokensOf(rd.device)).toHaveLength(1);
        const body = JSON.parse((await poll()).body);
        expect(body).toMatchObject({ type: 'access_token', user: { name: 'victim' } });
      } finally {
        await other.close();
      }
    },
  );
});
