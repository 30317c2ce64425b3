// Types shared by the test OP process (server side) and the controller the tests import.
// Field names follow the wire formats (OAuth client metadata, Entra claims), hence snake_case.

/** Response types the test OP offers (oidc-provider's defaults; no front-channel access tokens). */
export type TestResponseType = 'code' | 'code id_token' | 'id_token' | 'none';

/** A client (an Entra "app registration") usable from every tenant, like a multi-tenant app. */
export interface TestClient {
  client_id: string;
  /** Omit together with `token_endpoint_auth_method: 'none'` for a public client. */
  client_secret?: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  /** Defaults to `['code']`, like an Entra app without the "ID tokens" checkbox. */
  response_types?: TestResponseType[];
  /** Defaults from `response_types`: `authorization_code`, plus `implicit` when an ID token is in one. */
  grant_types?: ('authorization_code' | 'implicit' | 'refresh_token')[];
  /** oidc-provider accepts basic and post interchangeably for secret clients (notes §3.4). */
  token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post' | 'none';
  /** Defaults to RS256; the OP holds RSA keys only. */
  id_token_signed_response_alg?: 'RS256' | 'PS256';
  /** Back-Channel Logout 1.0 §2.2: where the OP POSTs logout tokens. */
  backchannel_logout_uri?: string;
  /** §2.2: logout tokens (and ID tokens) carry `sid`. */
  backchannel_logout_session_required?: boolean;
  /** Defaults to `native` when every redirect URI is http on a loopback host (RFC 8252), else `web`. */
  application_type?: 'web' | 'native';
}

/** Claims of a test user; `sub` is the accountId and `tid` the tenant, both filled in by the OP. */
export interface TestUserClaims {
  /** Entra object id; a random GUID when omitted. */
  oid?: string;
  /** Defaults to the accountId. Login accepts it as the username too. */
  preferred_username?: string;
  /** Defaults to the accountId. */
  name?: string;
  email?: string;
  /** Entra never sends it; set it only to imitate other IdPs. */
  email_verified?: boolean;
  /** Entra's optional "email domain owner verified" claim. */
  xms_edov?: boolean;
  groups?: string[];
  roles?: string[];
}

/** A user to register in one tenant. */
export interface TestUser {
  /** Becomes `sub`. The login page accepts it (or `preferred_username`) as the username. */
  accountId: string;
  claims?: TestUserClaims;
  /** Send Entra's groups-overage form (`_claim_names`/`_claim_sources`) instead of `groups`. */
  groupsOverage?: boolean;
}

/** A user as registered, with defaults resolved. */
export interface RegisteredUser {
  tenantId: string;
  accountId: string;
  groupsOverage: boolean;
  claims: TestUserClaims & { tid: string; oid: string; preferred_username: string; name: string };
}

/**
 * Negative-test modes, after the OpenID RP certification tests (notes §1.2, §3.10). ID-token modes apply to
 * every ID token issued while set, from the token endpoint and the front channel alike; the others change
 * the discovery document, the JWKS or UserInfo. The mode stays until set back to `none`.
 */
export const TAMPER_MODES = [
  'none',
  'bad-signature',
  'alg-none',
  'wrong-iss',
  'wrong-aud',
  'extra-aud',
  'expired',
  'iat-future',
  'missing-sub',
  'missing-iat',
  'missing-nonce',
  'wrong-nonce',
  'bad-c_hash',
  'missing-c_hash',
  'kid-absent-single-key',
  'kid-absent-multiple-keys',
  'userinfo-sub-mismatch',
  'discovery-issuer-mismatch',
] as const;

export type TamperMode = (typeof TAMPER_MODES)[number];

/** What the user agent ends with: the request it would send to the RP's redirect URI. */
export type AuthorizationResult =
  | { method: 'GET'; url: string }
  | { method: 'POST'; url: string; form: Record<string, string> };

/** Query parameter that carries a `/organizations` login to the user's tenant (server-side only). */
export const LOGIN_TICKET_PARAM = 'op_login_ticket';
