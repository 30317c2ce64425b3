import { randomBytes, randomUUID } from 'node:crypto';
import type { ClientMetadata } from 'oidc-provider';
import type { KeySet } from './keys.ts';
import type { RegisteredUser, TamperMode, TestClient, TestUser } from './types.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Everything the OP process knows, shared by all tenant Providers and kept across key rotations. */
export interface OpState {
  origin: string;
  keys: KeySet;
  /** Signs oidc-provider's cookies; stable so rebuilt Providers still read old cookies. */
  cookieSecret: string;
  clients: Map<string, ClientMetadata>;
  /** tenantId → accountId → user. */
  users: Map<string, Map<string, RegisteredUser>>;
  tamper: TamperMode;
  /** `/organizations` login tickets: ticket → where the user signs in. */
  tickets: Map<string, { tenantId: string; accountId: string }>;
  /** Token or code value → tenant that issued it, to route `/organizations` back-channel calls. */
  owners: Map<string, string>;
}

export function createState(origin: string, keys: KeySet): OpState {
  return {
    origin,
    keys,
    cookieSecret: randomBytes(32).toString('base64url'),
    clients: new Map(),
    users: new Map(),
    tamper: 'none',
    tickets: new Map(),
    owners: new Map(),
  };
}

/** Turns a test client into oidc-provider metadata, filling the defaults documented on TestClient. */
export function toClientMetadata(client: TestClient): ClientMetadata {
  const responseTypes = client.response_types ?? ['code'];
  const grantTypes = client.grant_types ?? [
    ...(responseTypes.some((t) => t.includes('code')) ? ['authorization_code'] : []),
    ...(responseTypes.some((t) => t.includes('id_token')) ? ['implicit'] : []),
  ];
  const allLoopback = client.redirect_uris.every((uri) => {
    const url = URL.parse(uri);
    return url?.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  });
  return {
    client_id: client.client_id,
    client_secret: client.client_secret,
    redirect_uris: client.redirect_uris,
    post_logout_redirect_uris: client.post_logout_redirect_uris ?? [],
    response_types: responseTypes,
    grant_types: grantTypes,
    token_endpoint_auth_method: client.token_endpoint_auth_method ?? 'client_secret_basic',
    id_token_signed_response_alg: client.id_token_signed_response_alg ?? 'RS256',
    application_type: client.application_type ?? (allLoopback ? 'native' : 'web'),
    ...(client.backchannel_logout_uri
      ? {
          backchannel_logout_uri: client.backchannel_logout_uri,
          backchannel_logout_session_required: client.backchannel_logout_session_required ?? false,
        }
      : {}),
  };
}

/** Resolves a user's defaults and files it under its tenant. */
export function registerUser(state: OpState, tenantId: string, user: TestUser): RegisteredUser {
  const claims = user.claims ?? {};
  const registered: RegisteredUser = {
    tenantId,
    accountId: user.accountId,
    groupsOverage: user.groupsOverage ?? false,
    claims: {
      ...claims,
      tid: tenantId,
      oid: claims.oid ?? randomUUID(),
      preferred_username: claims.preferred_username ?? user.accountId,
      name: claims.name ?? user.accountId,
    },
  };
  let users = state.users.get(tenantId);
  if (!users) {
    users = new Map();
    state.users.set(tenantId, users);
  }
  users.set(user.accountId, registered);
  return registered;
}

/** Finds a user by accountId or preferred_username (case-insensitive), as a login form would. */
export function findUserByUsername(
  state: OpState,
  tenantId: string,
  username: string,
): RegisteredUser | undefined {
  const users = state.users.get(tenantId);
  if (!users) return undefined;
  const wanted = username.trim().toLowerCase();
  for (const user of users.values()) {
    if (user.accountId.toLowerCase() === wanted) return user;
    if (user.claims.preferred_username.toLowerCase() === wanted) return user;
  }
  return undefined;
}

/** The claims a user carries; `groups` becomes Entra's overage pointer when asked (notes §3.5). */
export function claimsOf(user: RegisteredUser): Record<string, unknown> {
  const { groups, ...rest } = user.claims;
  const claims: Record<string, unknown> = { sub: user.accountId, ver: '2.0', ...rest };
  if (user.groupsOverage) {
    claims._claim_names = { groups: 'src1' };
    claims._claim_sources = {
      src1: { endpoint: `https://graph.microsoft.com/v1.0/users/${user.claims.oid}/getMemberObjects` },
    };
  } else if (groups) {
    claims.groups = groups;
  }
  return claims;
}
