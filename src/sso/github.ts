import * as client from 'openid-client';
import type { OidcProviderRow } from '../db/schema.ts';
import { GITHUB_ISSUER, type Provider } from '../shared/sso.ts';
import type { OutboundFetch, OutboundProxy } from './outbound.ts';
import { outboundFetch } from './outbound.ts';
import { clientSecretOf, toApiProvider } from './providers.repo.ts';
import type { Claims } from './rules.ts';

// GitHub quirks, in one place. GitHub sign-in is OAuth 2.0, not OpenID Connect: no discovery, no ID token,
// no nonce (oidc-notes §5). Identity comes from the REST API — `GET /user` (keyed by the numeric `id`;
// `login` can be renamed) and `GET /user/emails` (the primary *verified* address) — per GitHub's docs
// "Authorizing OAuth apps" and "REST API endpoints for emails". GitHub Enterprise Server admins point the
// endpoint overrides at their server (…/login/oauth/authorize, …/login/oauth/access_token, …/api/v3/user).

export const isGithub = (p: Pick<Provider, 'type'>) => p.type === 'github';

const DEFAULTS = {
  authorizationEndpoint: 'https://github.com/login/oauth/authorize',
  tokenEndpoint: 'https://github.com/login/oauth/access_token',
  userinfoEndpoint: 'https://api.github.com/user',
};

/** GitHub's endpoints, each replaceable by the provider's override field (GitHub Enterprise, tests). */
function githubEndpoints(p: Provider) {
  return {
    authorizationEndpoint: p.authorizationEndpoint || DEFAULTS.authorizationEndpoint,
    tokenEndpoint: p.tokenEndpoint || DEFAULTS.tokenEndpoint,
    userEndpoint: p.userinfoEndpoint || DEFAULTS.userinfoEndpoint,
  };
}

/** The OIDC default scopes mean nothing to GitHub; it needs `read:user` and `user:email`. */
export function githubScopes(p: Provider): string {
  return /\bopenid\b/.test(p.scopes) ? 'read:user user:email' : p.scopes;
}

/**
 * GitHub answers token errors with HTTP 200 and an `error` field (e.g. `bad_verification_code`); turned
 * into a 400 here, openid-client reports them as the OAuth errors they are.
 */
function withGithubTokenErrors(fetchVia: OutboundFetch, tokenEndpoint: string): OutboundFetch {
  return async (url, options) => {
    const response = await fetchVia(url, options);
    if (url !== tokenEndpoint || response.status !== 200) return response;
    const text = await response.text();
    let error = false;
    try {
      error = typeof (JSON.parse(text) as { error?: unknown }).error === 'string';
    } catch {
      error = false;
    }
    return new Response(text, { status: error ? 400 : 200, headers: response.headers });
  };
}

/** A hand-made openid-client Configuration (GitHub has no discovery document). */
export function githubConfiguration(
  row: OidcProviderRow,
  key: Buffer,
  proxy: OutboundProxy,
): client.Configuration {
  const p = toApiProvider(row);
  const endpoints = githubEndpoints(p);
  const secret = clientSecretOf(row, key) ?? '';
  const auth =
    p.tokenEndpointAuthMethod === 'client_secret_post'
      ? client.ClientSecretPost(secret)
      : client.ClientSecretBasic(secret);
  const config = new client.Configuration(
    {
      issuer: p.issuer || GITHUB_ISSUER,
      authorization_endpoint: endpoints.authorizationEndpoint,
      token_endpoint: endpoints.tokenEndpoint,
    },
    p.clientId,
    undefined,
    auth,
  );
  config[client.customFetch] = withGithubTokenErrors(
    outboundFetch(proxy, p.caCertificate),
    endpoints.tokenEndpoint,
  );
  if (Object.values(endpoints).some((url) => url.startsWith('http:'))) client.allowInsecureRequests(config);
  return config;
}

interface GithubUser {
  id: number;
  login: string;
  name: string | null;
}
interface GithubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

async function getJson<T>(config: client.Configuration, token: string, url: string): Promise<T> {
  const response = await client.fetchProtectedResource(
    config,
    token,
    new URL(url),
    'GET',
    undefined,
    new Headers({ accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' }),
  );
  if (!response.ok) throw new Error(`GitHub's API answered HTTP ${response.status} at ${url}`);
  return (await response.json()) as T;
}

/**
 * Redeems the code (state and PKCE checked by openid-client) and reads who signed in. Only the primary,
 * verified address becomes the email; an unverified one would let anyone claim someone else's address.
 */
export async function completeGithubSignIn(
  config: client.Configuration,
  p: Provider,
  url: URL,
  checks: { state: string; verifier?: string },
): Promise<Claims> {
  let tokens: client.TokenEndpointResponse;
  try {
    tokens = await client.authorizationCodeGrant(config, url, {
      expectedState: checks.state,
      ...(checks.verifier ? { pkceCodeVerifier: checks.verifier } : {}),
    });
  } catch (err) {
    if (err instanceof client.ResponseBodyError)
      throw new Error(
        `GitHub refused the code: ${err.error}${err.error_description ? ` — ${err.error_description}` : ''}`,
      );
    throw err;
  }
  const { userEndpoint } = githubEndpoints(p);
  const user = await getJson<GithubUser>(config, tokens.access_token, userEndpoint);
  if (typeof user.id !== 'number') throw new Error("GitHub's /user answer has no numeric id");
  const emails = await getJson<GithubEmail[]>(config, tokens.access_token, `${userEndpoint}/emails`);
  const primary = Array.isArray(emails) ? emails.find((e) => e.primary && e.verified) : undefined;
  return {
    iss: p.issuer || GITHUB_ISSUER,
    sub: String(user.id),
    preferred_username: user.login,
    name: user.name || user.login,
    email: primary?.email ?? '',
    email_verified: primary !== undefined,
  };
}
