import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import * as client from 'openid-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthorizationResult,
  entraMultiTenantFetch,
  startTestOp,
  type TamperMode,
  type TestBrowser,
  type TestOp,
} from './index.ts';

// Self-test of the test OP, driven by openid-client v6 exactly as an RP would (notes §2.2–2.4).

const TENANT_A = randomUUID();
const TENANT_B = randomUUID();
const CLIENT_ID = 'deskgate-test';
const SECRET = 'test-secret-1';
// Never fetched: the user agent stops at the first request that leaves the OP.
const REDIRECT_URI = 'http://127.0.0.1:9/sso/callback';
const POST_LOGOUT_URI = 'http://127.0.0.1:9/signed-out';

type Flow = 'code' | 'hybrid' | 'implicit';

let op: TestOp;

beforeAll(async () => {
  op = await startTestOp({ tenants: [TENANT_A, TENANT_B] });
  await op.addClient({
    client_id: CLIENT_ID,
    client_secret: SECRET,
    redirect_uris: [REDIRECT_URI],
    post_logout_redirect_uris: [POST_LOGOUT_URI],
    response_types: ['code', 'code id_token', 'id_token'],
  });
  await op.addUser(TENANT_A, {
    accountId: 'alice',
    claims: {
      preferred_username: 'alice@contoso.example',
      email: 'alice@contoso.example',
      xms_edov: true,
      groups: ['g-admins', 'g-users'],
    },
  });
  await op.addUser(TENANT_B, {
    accountId: 'bob',
    groupsOverage: true,
    claims: { email: 'bob@fabrikam.example' },
  });
});

afterAll(() => op?.stop());
afterEach(() => op.setTamper('none'));

/** A fresh Configuration (hence a fresh JWKS cache, notes §2.5), with RS256 pinned as the RP should. */
function discover(
  issuer: string,
  flow: Flow = 'code',
  fetch?: client.CustomFetch,
): Promise<client.Configuration> {
  const execute = [client.allowInsecureRequests, client.enableNonRepudiationChecks];
  if (flow === 'hybrid') execute.push(client.useCodeIdTokenResponseType);
  if (flow === 'implicit') execute.push(client.useIdTokenResponseType);
  const metadata = { client_secret: SECRET, id_token_signed_response_alg: 'RS256' };
  return client.discovery(new URL(issuer), CLIENT_ID, metadata, client.ClientSecretBasic(SECRET), {
    execute,
    ...(fetch && { [client.customFetch]: fetch }),
  });
}

/** What the RP's callback receives: a URL for query/fragment, a urlencoded POST for form_post. */
function callbackInput(result: AuthorizationResult): URL | Request {
  if (result.method === 'GET') return new URL(result.url);
  return new Request(result.url, { method: 'POST', body: new URLSearchParams(result.form) });
}

interface LoginOptions {
  flow?: Flow;
  username?: string;
  pkce?: boolean;
  responseMode?: 'form_post';
  config?: client.Configuration;
  browser?: TestBrowser;
}

/** A whole RP login: authorization URL → test OP login → callback processing by openid-client. */
async function login(options: LoginOptions = {}) {
  const { flow = 'code', username = 'alice', pkce = true, responseMode, config, browser = op } = options;
  const cfg = config ?? (await discover(op.issuer(TENANT_A), flow));
  const nonce = client.randomNonce();
  const state = client.randomState();
  const verifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(cfg, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile email',
    nonce,
    state,
    ...(pkce && {
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }),
    ...(responseMode && { response_mode: responseMode }),
  });
  const result = await browser.loginAs(url, username);
  if (flow === 'implicit') {
    const claims = await client.implicitAuthentication(cfg, callbackInput(result), nonce, {
      expectedState: state,
    });
    return { result, claims, tokens: undefined, config: cfg };
  }
  const checks = { expectedNonce: nonce, expectedState: state, ...(pkce && { pkceCodeVerifier: verifier }) };
  const tokens = await client.authorizationCodeGrant(cfg, callbackInput(result), checks);
  const claims = tokens.claims();
  if (!claims) throw new Error('no ID token');
  return { result, claims, tokens, config: cfg };
}

describe('test OP', () => {
  it('serves Entra-shaped discovery per tenant and refuses unknown tenants', async () => {
    for (const tenant of [TENANT_A, TENANT_B]) {
      const meta = (await discover(op.issuer(tenant))).serverMetadata();
      expect(meta.issuer).toBe(`${op.origin}/${tenant}/v2.0`);
      expect(meta.end_session_endpoint).toBe(`${op.issuer(tenant)}/session/end`);
      expect(meta.response_modes_supported).toEqual(
        expect.arrayContaining(['query', 'fragment', 'form_post']),
      );
    }
    await expect(discover(op.issuer(randomUUID()))).rejects.toThrow();
  });

  it('code + PKCE: Entra claims in the ID token and from UserInfo', async () => {
    const { claims, tokens, config, result } = await login({ username: 'alice@contoso.example' });
    expect(new URL(result.url).searchParams.get('iss')).toBe(op.issuer(TENANT_A)); // RFC 9207
    expect(claims).toMatchObject({
      iss: op.issuer(TENANT_A),
      aud: CLIENT_ID,
      sub: 'alice',
      tid: TENANT_A,
      oid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      preferred_username: 'alice@contoso.example',
      email: 'alice@contoso.example',
      xms_edov: true,
      groups: ['g-admins', 'g-users'],
    });
    expect(claims.email_verified).toBeUndefined();
    const userinfo = await client.fetchUserInfo(config, tokens?.access_token ?? '', 'alice');
    expect(userinfo).toMatchObject({ tid: TENANT_A, groups: ['g-admins', 'g-users'] });
  });

  it('code without PKCE for a confidential client; groups overage for a large-group user', async () => {
    const config = await discover(op.issuer(TENANT_B));
    const { claims } = await login({ config, username: 'bob', pkce: false });
    expect(claims.tid).toBe(TENANT_B);
    expect(claims.groups).toBeUndefined();
    expect(claims._claim_names).toEqual({ groups: 'src1' });
    expect(claims._claim_sources).toEqual({
      src1: { endpoint: expect.stringContaining('/getMemberObjects') },
    });
  });

  it('hybrid code id_token with form_post', async () => {
    const { result, claims } = await login({ flow: 'hybrid', responseMode: 'form_post' });
    expect(result.method).toBe('POST');
    expect(result.method === 'POST' && Object.keys(result.form).sort()).toEqual([
      'code',
      'id_token',
      'state',
    ]);
    expect(claims.tid).toBe(TENANT_A);
  });

  it('implicit id_token with form_post', async () => {
    const { result, claims } = await login({ flow: 'implicit', responseMode: 'form_post' });
    expect(result.method).toBe('POST');
    expect(claims).toMatchObject({ sub: 'alice', tid: TENANT_A, groups: ['g-admins', 'g-users'] });
  });

  it('rejects an unknown username on the login page', async () => {
    const config = await discover(op.issuer(TENANT_A));
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      state: 's',
    });
    await expect(op.loginAs(url, 'bob')).rejects.toThrow(/couldn't find an account/);
  });

  it('key rotation: the next login verifies with a freshly built Configuration', async () => {
    const first = await login({ flow: 'hybrid' });
    const { kid } = await op.rotateKeys();
    const second = await login({ flow: 'hybrid' });
    const kidOf = (jwt: string | undefined) => decodeProtectedHeader(jwt ?? '').kid;
    expect(kidOf(second.tokens?.id_token)).toBe(kid);
    expect(kidOf(first.tokens?.id_token)).not.toBe(kid);
    // The old Configuration cached the old JWKS less than 60 s ago, so it cannot see the new key yet.
    await expect(login({ flow: 'hybrid', config: first.config })).rejects.toThrow();
  });

  it('RP-initiated logout: confirmed on the Sign out page, then back to the post-logout URI', async () => {
    const browser = op.browser();
    const { tokens, config } = await login({ browser });
    // Same browser, so the OP session signs the next login in without asking (the username is not used).
    await expect(login({ browser, username: 'nobody' })).resolves.toMatchObject({ claims: { sub: 'alice' } });
    const url = client.buildEndSessionUrl(config, {
      id_token_hint: tokens?.id_token ?? '',
      post_logout_redirect_uri: POST_LOGOUT_URI,
      state: 'bye',
    });
    expect(await browser.endSession(url)).toEqual({ method: 'GET', url: `${POST_LOGOUT_URI}?state=bye` });
    await expect(login({ browser, username: 'nobody' })).rejects.toThrow(/couldn't find an account/);
    // A browser without a session is not asked to confirm.
    expect(await op.endSession(url)).toEqual({ method: 'GET', url: `${POST_LOGOUT_URI}?state=bye` });
  });

  it('Entra multi-tenant: one /organizations configuration takes users of two tenants', async () => {
    const entra = entraMultiTenantFetch(op);
    const config = await discover('https://login.microsoftonline.com/organizations/v2.0', 'code', entra);
    expect(config.serverMetadata().issuer).toBe(`${op.origin}/{tenantid}/v2.0`);
    const alice = await login({ config, username: 'alice' });
    const bob = await login({ config, username: 'bob' });
    expect(alice.claims.iss).toBe(op.issuer(TENANT_A));
    expect(bob.claims.iss).toBe(op.issuer(TENANT_B));
    expect(await client.fetchUserInfo(config, bob.tokens?.access_token ?? '', 'bob')).toMatchObject({
      tid: TENANT_B,
    });
  });
});
