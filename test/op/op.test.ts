import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import * as client from 'openid-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { entraMultiTenantFetch, startTestOp, TAMPER_MODES, type TamperMode, type TestOp } from './index.ts';
import { createRp, type Flow } from './rp.ts';
import { EXTRA_AUDIENCE } from './tamper.ts';

// Self-test of the test OP, driven by openid-client v6 exactly as an RP would.

const TENANT_A = randomUUID();
const TENANT_B = randomUUID();
// Never fetched: the user agent stops at the first request that leaves the OP.
const REDIRECT_URI = 'http://127.0.0.1:9/sso/callback';
const POST_LOGOUT_URI = 'http://127.0.0.1:9/signed-out';
const RP = { clientId: 'deskgate-test', secret: 'test-secret-1', redirectUri: REDIRECT_URI };
const ALICE_GROUPS = ['g-admins', 'g-users'];

let op: TestOp;
let rp: ReturnType<typeof createRp>;

beforeAll(async () => {
  op = await startTestOp({ tenants: [TENANT_A, TENANT_B] });
  rp = createRp(op, RP);
  await op.addClient({
    client_id: RP.clientId,
    client_secret: RP.secret,
    redirect_uris: [REDIRECT_URI],
    post_logout_redirect_uris: [POST_LOGOUT_URI],
    response_types: ['code', 'code id_token', 'id_token'],
  });
  const email = 'alice@contoso.example';
  await op.addUser(TENANT_A, {
    accountId: 'alice',
    claims: { preferred_username: email, email, xms_edov: true, groups: ALICE_GROUPS },
  });
  await op.addUser(TENANT_B, { accountId: 'bob', groupsOverage: true });
});

afterAll(() => op?.stop());
afterEach(() => op.setTamper('none'));

/** Discovers tenant A for `flow`, then logs in. */
async function loginToA(flow: Flow = 'code', options: Omit<Parameters<typeof rp.login>[0], 'config'> = {}) {
  const config = await rp.discover(op.issuer(TENANT_A), { flow });
  return { config, ...(await rp.login({ config, flow, ...options })) };
}

describe('test OP', () => {
  it('serves Entra-shaped discovery per tenant and refuses unknown tenants', async () => {
    for (const tenant of [TENANT_A, TENANT_B]) {
      const meta = (await rp.discover(op.issuer(tenant))).serverMetadata();
      expect(meta.issuer).toBe(`${op.origin}/${tenant}/v2.0`);
      expect(meta.end_session_endpoint).toBe(`${op.issuer(tenant)}/session/end`);
      expect(meta.response_modes_supported).toEqual(['form_post', 'fragment', 'query']);
    }
    await expect(rp.discover(op.issuer(randomUUID()))).rejects.toThrow();
  });

  it('code + PKCE: Entra claims in the ID token and from UserInfo', async () => {
    const { claims, tokens, config, result } = await loginToA('code', { username: 'alice@contoso.example' });
    expect(new URL(result.url).searchParams.get('iss')).toBe(op.issuer(TENANT_A)); // RFC 9207
    expect(claims).toMatchObject({
      iss: op.issuer(TENANT_A),
      aud: RP.clientId,
      sub: 'alice',
      tid: TENANT_A,
      oid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      preferred_username: 'alice@contoso.example',
      email: 'alice@contoso.example',
      xms_edov: true,
      groups: ALICE_GROUPS,
    });
    expect(claims.email_verified).toBeUndefined();
    const userinfo = await client.fetchUserInfo(config, tokens?.access_token ?? '', 'alice');
    expect(userinfo).toMatchObject({ tid: TENANT_A, groups: ALICE_GROUPS });
  });

  it('code without PKCE, client_secret_post; groups overage', async () => {
    const config = await rp.discover(op.issuer(TENANT_B), { auth: 'client_secret_post' });
    const { claims } = await rp.login({ config, username: 'bob', pkce: false });
    expect(claims.tid).toBe(TENANT_B);
    expect(claims.groups).toBeUndefined();
    expect(claims._claim_names).toEqual({ groups: 'src1' });
    expect(claims._claim_sources).toEqual({
      src1: { endpoint: expect.stringContaining('/getMemberObjects') },
    });
  });

  it('hybrid code id_token with form_post', async () => {
    const { result, claims } = await loginToA('hybrid', { responseMode: 'form_post' });
    expect(result.method === 'POST' && Object.keys(result.form).sort()).toEqual([
      'code',
      'id_token',
      'state',
    ]);
    expect(claims.tid).toBe(TENANT_A);
  });

  it('implicit id_token with form_post', async () => {
    const { result, claims } = await loginToA('implicit', { responseMode: 'form_post' });
    expect(result.method).toBe('POST');
    expect(claims).toMatchObject({ sub: 'alice', tid: TENANT_A, groups: ALICE_GROUPS });
  });

  it('login page: unknown users, prompt=none without a session, prompt=select_account', async () => {
    const config = await rp.discover(op.issuer(TENANT_A));
    const authorize = (prompt?: string) =>
      client.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT_URI,
        scope: 'openid',
        state: 's',
        ...(prompt && { prompt }),
      });
    await expect(op.loginAs(authorize(), 'bob')).rejects.toThrow(/couldn't find an account/);
    const silent = await op.loginAs(authorize('none'), 'alice');
    expect(new URL(silent.url).searchParams.get('error')).toBe('login_required');
    const picked = await op.loginAs(authorize('select_account'), 'alice');
    expect(new URL(picked.url).searchParams.get('code')).toBeTruthy();
  });

  it('key rotation: the next login verifies with a freshly built Configuration', async () => {
    const first = await loginToA('hybrid');
    const { kid, kids } = await op.rotateKeys();
    expect(kids).toHaveLength(2);
    const second = await loginToA('hybrid');
    const kidOf = (jwt = '') => decodeProtectedHeader(jwt).kid;
    expect(kidOf(second.tokens?.id_token)).toBe(kid);
    expect(kidOf(first.tokens?.id_token)).not.toBe(kid);
    // The old Configuration cached the old JWKS less than 60 s ago, so it cannot see the new key yet.
    await expect(rp.login({ flow: 'hybrid', config: first.config })).rejects.toThrow(
      /no applicable keys found/,
    );
    expect(await op.rotateKeys({ removeOld: true })).toMatchObject({ kids: [expect.any(String)] });
    await expect(loginToA('implicit')).resolves.toBeTruthy();
  });

  it('RP-initiated logout: confirmed on the Sign out page, then back to the post-logout URI', async () => {
    const browser = op.browser();
    const { tokens, config } = await loginToA('code', { browser });
    // Same browser, so the OP session signs the next login in without asking (the username is not used).
    await expect(rp.login({ config, browser, username: 'nobody' })).resolves.toBeTruthy();
    const url = client.buildEndSessionUrl(config, {
      id_token_hint: tokens?.id_token ?? '',
      post_logout_redirect_uri: POST_LOGOUT_URI,
      state: 'bye',
    });
    expect(await browser.endSession(url)).toEqual({ method: 'GET', url: `${POST_LOGOUT_URI}?state=bye` });
    await expect(rp.login({ config, browser, username: 'nobody' })).rejects.toThrow(/couldn't find/);
    // A browser without a session is not asked to confirm.
    expect(await op.endSession(url)).toEqual({ method: 'GET', url: `${POST_LOGOUT_URI}?state=bye` });
  });

  it('Entra multi-tenant: one /organizations configuration takes users of two tenants', async () => {
    const fetch = entraMultiTenantFetch(op);
    const config = await rp.discover('https://login.microsoftonline.com/organizations/v2.0', { fetch });
    expect(config.serverMetadata().issuer).toBe(`${op.origin}/{tenantid}/v2.0`);
    const alice = await rp.login({ config, username: 'alice' });
    const bob = await rp.login({ config, username: 'bob' });
    expect(alice.claims.iss).toBe(op.issuer(TENANT_A));
    expect(bob.claims.iss).toBe(op.issuer(TENANT_B));
    expect(await client.fetchUserInfo(config, bob.tokens?.access_token ?? '', 'bob')).toMatchObject({
      tid: TENANT_B,
    });
  });
});

/** Runs discovery, login and (unless implicit) UserInfo; returns the claims or openid-client's reason. */
async function attempt(flow: Flow): Promise<{ claims: client.IDToken } | { error: string }> {
  try {
    const { claims, tokens, config } = await loginToA(flow);
    if (tokens) await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    return { claims };
  } catch (error) {
    if (!(error instanceof client.ClientError)) throw error;
    const cause = error.cause instanceof Error ? error.cause.message : JSON.stringify(error.cause);
    return { error: `${error.code}: ${error.message}: ${cause}` };
  }
}

// The rp-* negative tests (notes §1.2) against openid-client with RS256 pinned and non-repudiation checks on;
// without those, code flow would accept a bad signature and an ambiguous kid (notes §0.4, §1.4).
const REJECTED: [TamperMode, Flow, RegExp][] = [
  ['bad-signature', 'code', /signature verification failed/],
  ['bad-signature', 'implicit', /signature verification failed/],
  ['alg-none', 'code', /unexpected JWT "alg"/],
  ['wrong-iss', 'code', /"iss" \(issuer\) claim value/],
  ['wrong-aud', 'hybrid', /"aud" \(audience\) claim value/],
  ['expired', 'code', /expiration is past/],
  ['missing-sub', 'code', /"sub" \(subject\) claim missing/],
  ['missing-iat', 'implicit', /"iat" \(issued at\) claim missing/],
  ['missing-nonce', 'implicit', /"nonce" \(nonce\) claim missing/],
  ['wrong-nonce', 'code', /unexpected ID Token "nonce"/],
  ['bad-c_hash', 'hybrid', /invalid ID Token "c_hash"/],
  ['missing-c_hash', 'hybrid', /"c_hash" \(code hash\) claim missing/],
  ['kid-absent-multiple-keys', 'implicit', /multiple applicable keys found/],
  ['userinfo-sub-mismatch', 'code', /OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED.*"sub"/],
  ['discovery-issuer-mismatch', 'code', /issuer does not match the expected issuer/],
];

describe('tampering layer', () => {
  it.each(REJECTED)('%s is rejected by openid-client (%s flow)', async (mode, flow, reason) => {
    await op.setTamper(mode);
    expect(await attempt(flow)).toEqual({ error: expect.stringMatching(reason) });
  });

  it('alg-none also lists "none" in the discovery metadata', async () => {
    await op.setTamper('alg-none');
    const response = await fetch(`${op.issuer(TENANT_A)}/.well-known/openid-configuration`);
    const metadata = (await response.json()) as { id_token_signing_alg_values_supported: string[] };
    expect(metadata.id_token_signing_alg_values_supported).toContain('none');
  });

  it('iat-future is accepted: openid-client puts no upper bound on iat, so the RP must (notes §2.4)', async () => {
    await op.setTamper('iat-future');
    const outcome = await attempt('code');
    const tomorrow = Math.floor(Date.now() / 1000) + 86_000;
    expect(outcome).toEqual({ claims: expect.objectContaining({ iat: expect.any(Number) }) });
    expect('claims' in outcome && outcome.claims.iat).toBeGreaterThan(tomorrow);
  });

  it('kid-absent-single-key is accepted: one candidate key is not ambiguous (rp-id_token-kid-absent-single-jwks)', async () => {
    await op.setTamper('kid-absent-single-key');
    expect(await attempt('implicit')).toEqual({ claims: expect.objectContaining({ sub: 'alice' }) });
  });

  it('extra-aud is accepted: openid-client trusts any extra audience when azp names the client, so the RP must refuse it', async () => {
    await op.setTamper('extra-aud');
    const outcome = await attempt('code');
    expect(outcome).toEqual({ claims: expect.objectContaining({ aud: [RP.clientId, EXTRA_AUDIENCE] }) });
  });

  it('covers every tamper mode', () => {
    const covered = new Set([
      'none',
      'iat-future',
      'kid-absent-single-key',
      'extra-aud',
      ...REJECTED.map(([mode]) => mode),
    ]);
    expect([...covered].sort()).toEqual([...TAMPER_MODES].sort());
  });
});
