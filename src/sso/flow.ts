import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import * as client from 'openid-client';
import type { Database, OidcProviderRow, PendingLoginRow } from '../db/schema.ts';
import { safeReturnTo } from '../http/return-to.ts';
import { hashToken, randomToken } from '../security/tokens.ts';
import { providerOrigin } from './callback-origin.ts';
import { entraHint } from './entra.ts';
import { completeGithubSignIn, githubConfiguration, githubScopes, isGithub } from './github.ts';
import { classifyIdpFault, DiscoveryFailed, describe, FAULT_CODES } from './idp-faults.ts';
import { configurationFor, IDP_TIMEOUT_S, verifyIdTokenSignature } from './oidc-config.ts';
import type { OutboundProxy } from './outbound.ts';
import { insertPendingLogin, PENDING_LOGIN_TTL_MS, takePendingLogin } from './pending-logins.repo.ts';
import { toApiProvider } from './providers.repo.ts';
import type { Claims } from './rules.ts';

export const CALLBACK_PATH = '/api/oidc/callback';

/** Thrown when a callback cannot be completed; `message` is for the person, `code` lets the console translate it. */
export class SignInFailed extends Error {
  readonly code: string;
  /** The pending login the callback consumed, when it got that far (tells a device login apart). */
  readonly pending: PendingLoginRow | undefined;
  constructor(code: string, message: string, pending?: PendingLoginRow) {
    super(message);
    this.code = code;
    this.pending = pending;
  }
}

/**
 * Starts a sign-in (code + PKCE, hybrid / implicit with form_post, or GitHub's OAuth 2.0): the state,
 * nonce and verifier go to the database (any instance can finish it), bound to this browser by `binding`,
 * which the caller sets as a cookie.
 */
export async function startSignIn(
  db: Kysely<Database>,
  key: Buffer,
  proxy: OutboundProxy,
  row: OidcProviderRow,
  opts: {
    /** The provider's origin (callback-origin.ts), never a request's Host. */
    origin: string;
    returnTo: string;
    purpose: 'console' | 'test' | 'device';
    deviceLoginId?: string;
    /** OIDC Core §3.1.2.1 `prompt`, e.g. 'login' so a test sign-in can use another account. */
    prompt?: string;
  },
): Promise<{ url: string; binding: string }> {
  const p = toApiProvider(row);
  const github = isGithub(p);
  const config = github
    ? githubConfiguration(row, key, proxy)
    : (await configurationFor(row, key, proxy)).config;
  const responseType = github ? 'code' : p.responseType;
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  const binding = randomToken();
  await insertPendingLogin(db, {
    state_hash: hashToken(state),
    binding_hash: hashToken(binding),
    provider_id: row.id,
    nonce,
    code_verifier: verifier,
    purpose: opts.purpose,
    // Checked before anything is written: the callback redirects there (and checks again).
    return_to: safeReturnTo(opts.returnTo, opts.origin),
    device_login_id: opts.deviceLoginId ?? null,
    expires_at: Date.now() + PENDING_LOGIN_TTL_MS,
  });
  // PKCE, state and nonce are always sent: Entra supports S256 without advertising it (oidc-notes §0.7).
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: `${opts.origin}${CALLBACK_PATH}`,
    scope: github ? githubScopes(p) : p.scopes,
    state,
    // GitHub is OAuth 2.0: no ID token, so no nonce.
    ...(github ? {} : { nonce }),
    ...(opts.prompt ? { prompt: opts.prompt } : {}),
    // Front-channel ID tokens come back by POST, never in a URL (the Entra guide's step 13 setup).
    ...(responseType === 'code' ? {} : { response_mode: 'form_post' }),
    // PKCE protects a code; the implicit flow has none.
    ...(p.pkce && responseType !== 'id_token'
      ? { code_challenge: pkceChallenge(verifier), code_challenge_method: 'S256' }
      : {}),
  });
  return { url: url.href, binding };
}

/**
 * RFC 7636 §4.2 S256: BASE64URL(SHA256(ASCII(code_verifier))), what openid-client's calculatePKCECodeChallenge
 * returns (a test pins that), computed with node:crypto: WebCrypto's digest hops to the thread pool and cost
 * ≈ 3 % of a device login's CPU on a loaded machine (issue 14, docs/performance.md).
 */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** The authorization response as received: query parameters (GET) or form fields (form_post POST). */
export type AuthorizationResponse = Record<string, string>;

/**
 * Completes a callback: single-use state, then per response type — code: token exchange; hybrid
 * (`code id_token`): front-channel ID token (signature, nonce, c_hash) then token exchange; implicit
 * (`id_token`): the front-channel ID token alone — with every ID token's signature and `iat` checked.
 */
export async function completeSignIn(
  db: Kysely<Database>,
  key: Buffer,
  proxy: OutboundProxy,
  loadProvider: (id: string) => Promise<OidcProviderRow>,
  opts: { publicUrl: string | undefined; params: AuthorizationResponse; binding: string | undefined },
) {
  const state = opts.params.state;
  const pending = state ? await takePendingLogin(db, state, opts.binding) : undefined;
  if (!state || !pending)
    throw new SignInFailed(
      'SSO_LINK_EXPIRED',
      'This sign-in link has expired or was already used. Start the sign-in again.',
    );
  const row = await loadProvider(pending.provider_id);
  const p = toApiProvider(row);
  // The redirect_uri of the token request must be the one the login started with: the provider's.
  const origin = providerOrigin(row, opts.publicUrl);
  try {
    if (isGithub(p)) {
      const url = callbackUrl(origin, 'code', opts.params);
      const claims = await completeGithubSignIn(githubConfiguration(row, key, proxy), p, url, {
        state,
        ...(p.pkce ? { verifier: pending.code_verifier } : {}),
      });
      return { pending, row, claims, idToken: undefined, idTokenClaims: claims, userinfo: null };
    }
    const entry = await configurationFor(row, key, proxy);
    const run = (config: client.Configuration) =>
      receiveTokens(config, p.responseType, callbackUrl(origin, p.responseType, opts.params), {
        state,
        nonce: pending.nonce,
        ...(p.pkce ? { verifier: pending.code_verifier } : {}),
      });
    const received = await retryOnKeyMiss(run, entry.config, async () => {
      // A key rotated less than 60 s after openid-client's last JWKS fetch: a new Configuration refetches.
      return (await configurationFor(row, key, proxy, { fresh: true })).config;
    });
    await verifyIdTokenSignature(entry, row, received.idToken);
    const idTokenClaims: Claims = { ...received.claims };
    let claims = idTokenClaims;
    let userinfo: Claims | null = null;
    // UserInfo fills what the ID token lacks (a test sign-in always shows it); openid-client requires its
    // sub to match. The implicit flow has no access token, so its claims come from the ID token alone.
    const showUserinfo = pending.purpose === 'test' && entry.config.serverMetadata().userinfo_endpoint;
    if (received.accessToken && (!claims.email || !claims.name || showUserinfo)) {
      userinfo = { ...(await client.fetchUserInfo(entry.config, received.accessToken, String(claims.sub))) };
      claims = { ...userinfo, ...claims };
    }
    return { pending, row, claims, idToken: received.idToken as string | undefined, idTokenClaims, userinfo };
  } catch (err) {
    const { code, message } = describeSignInFault(err, p.name, `${origin}${CALLBACK_PATH}`);
    throw new SignInFailed(code, message, pending);
  }
}

/** What happened between DeskGate and the IdP, in words, with its own code (see idp-faults.ts). */
function describeSignInFault(
  err: unknown,
  name: string,
  callbackUrl: string,
): { code: string; message: string } {
  const { fault, detail } = classifyIdpFault(err);
  const code = FAULT_CODES[fault];
  if (err instanceof DiscoveryFailed) return { code, message: `${detail} Nobody was signed in.` };
  switch (fault) {
    case 'unreachable':
      return {
        code,
        message: `DeskGate could not reach the identity provider "${name}" (${detail}). Nobody was signed in; try again later, or ask an administrator to check the connection between DeskGate and the provider.`,
      };
    case 'timeout':
      return {
        code,
        message: `The identity provider "${name}" did not answer within ${IDP_TIMEOUT_S} seconds. Nobody was signed in; try again in a moment.`,
      };
    case 'refused': {
      const hint = entraHint(detail, callbackUrl);
      return {
        code,
        message: `The identity provider refused to complete the sign-in: ${detail}.${hint ? ` ${hint}` : ''} Nobody was signed in.`,
      };
    }
    default:
      return {
        code,
        message: `The identity provider's answer could not be verified (${describe(err)}). Nobody was signed in; try again or ask an administrator.`,
      };
  }
}

/**
 * The URL openid-client reads the response from: the query for `code`, the fragment for hybrid and
 * implicit (where it expects front-channel ID tokens, oidc-notes §2.3) — whichever way they arrived.
 */
function callbackUrl(origin: string, responseType: string, params: AuthorizationResponse): URL {
  const url = new URL(`${origin}${CALLBACK_PATH}`);
  const fields = new URLSearchParams(params);
  if (responseType === 'code') url.search = fields.toString();
  else url.hash = fields.toString();
  return url;
}

interface Received {
  idToken: string;
  claims: Claims;
  accessToken: string | undefined;
}

async function receiveTokens(
  config: client.Configuration,
  responseType: string,
  url: URL,
  checks: { state: string; nonce: string; verifier?: string },
): Promise<Received> {
  if (responseType === 'id_token') {
    const claims = await client.implicitAuthentication(config, url, checks.nonce, {
      expectedState: checks.state,
    });
    const idToken = new URLSearchParams(url.hash.slice(1)).get('id_token') ?? '';
    return { idToken, claims: { ...claims }, accessToken: undefined };
  }
  const tokens = await client.authorizationCodeGrant(config, url, {
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    ...(checks.verifier ? { pkceCodeVerifier: checks.verifier } : {}),
    idTokenExpected: true,
  });
  if (!tokens.id_token) throw new Error('no ID token in the token response');
  return {
    idToken: tokens.id_token,
    claims: { ...(tokens.claims() ?? {}) },
    accessToken: tokens.access_token,
  };
}

/**
 * Runs `attempt` once more with a fresh Configuration when openid-client found no key for a
 * front-channel ID token. Safe to repeat: that check happens before the code is redeemed.
 */
async function retryOnKeyMiss<T>(
  attempt: (config: client.Configuration) => Promise<T>,
  config: client.Configuration,
  fresh: () => Promise<client.Configuration>,
): Promise<T> {
  try {
    return await attempt(config);
  } catch (err) {
    const cause = err instanceof Error ? err.cause : undefined;
    const codes = [err, cause].map((e) => (e instanceof Error ? Reflect.get(e, 'code') : undefined));
    if (!codes.includes('OAUTH_KEY_SELECTION_FAILED')) throw err;
    return attempt(await fresh());
  }
}
