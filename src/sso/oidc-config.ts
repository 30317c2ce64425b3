import { createRemoteJWKSet, customFetch, type JWTPayload, jwtVerify } from 'jose';
import * as client from 'openid-client';
import type { OidcProviderRow } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { Provider } from '../shared/sso.ts';
import { discoveryFailure } from './idp-faults.ts';
import { type OutboundProxy, outboundFetch } from './outbound.ts';
import { clientSecretOf, toApiProvider } from './providers.repo.ts';

/** Seconds of clock difference tolerated between DeskGate and the IdP (self-hosted boxes drift). */
export const CLOCK_TOLERANCE_S = 60;

/** Seconds DeskGate waits for any one request to the IdP (discovery, token, UserInfo). */
export const IDP_TIMEOUT_S = 10;

interface Cached {
  updatedAt: number;
  config: client.Configuration;
  jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
}
// Discovery is cached per provider version; every instance rebuilds its own copy from the database row.
const cache = new Map<string, Cached>();
// Discoveries under way, per provider version: concurrent sign-ins with a cold cache share one fetch
// (issue 15 §8: 20 sign-ins made 20). Per process on purpose; it is only an optimisation, not shared state.
const inflight = new Map<string, Promise<Cached>>();

/**
 * The openid-client Configuration for a provider: discovered once, rebuilt when its settings change or
 * when `fresh` asks for it (a new Configuration is the only way to make openid-client refetch the JWKS
 * within 60 s of its last fetch, oidc-notes §2.5). Every request goes through the outbound proxy and
 * trusts the provider's custom CA.
 */
export async function configurationFor(
  row: OidcProviderRow,
  key: Buffer,
  proxy: OutboundProxy,
  opts: { fresh?: boolean } = {},
): Promise<Cached> {
  const hit = cache.get(row.id);
  if (hit && hit.updatedAt === row.updated_at && !opts.fresh) return hit;
  // A fresh build asked for while one is running shares it too: it started after the caller's miss.
  const flightKey = `${row.id}:${row.updated_at}`;
  const running = inflight.get(flightKey);
  if (running) return running;
  const building = buildConfiguration(row, key, proxy).finally(() => inflight.delete(flightKey));
  inflight.set(flightKey, building);
  return building;
}

async function buildConfiguration(row: OidcProviderRow, key: Buffer, proxy: OutboundProxy): Promise<Cached> {
  const p = toApiProvider(row);
  const fetchVia = outboundFetch(proxy, p.caCertificate);
  const responseType =
    p.responseType === 'code id_token'
      ? [client.useCodeIdTokenResponseType]
      : p.responseType === 'id_token'
        ? [client.useIdTokenResponseType]
        : [];
  const secret = clientSecretOf(row, key);
  const auth = !secret
    ? client.None()
    : p.tokenEndpointAuthMethod === 'client_secret_post'
      ? client.ClientSecretPost(secret)
      : client.ClientSecretBasic(secret);
  // Plain-http endpoints: an http (loopback) issuer, or the admin's explicit testing-only switch.
  const insecure = new URL(p.issuer).protocol === 'http:' || p.allowInsecureHttp;
  // Pinning the algorithm is what refuses `alg: none` even when the OP's metadata lists it.
  const metadata: Partial<client.ClientMetadata> = {
    id_token_signed_response_alg: p.idTokenSignedResponseAlg,
    [client.clockTolerance]: CLOCK_TOLERANCE_S,
  };
  const execute = [...(insecure ? [client.allowInsecureRequests] : []), ...responseType];
  let config: client.Configuration;
  try {
    config = await client.discovery(new URL(p.issuer), p.clientId, metadata, auth, {
      execute,
      timeout: IDP_TIMEOUT_S,
      [client.customFetch]: fetchVia,
    });
  } catch (err) {
    throw discoveryFailure(err, p.name, p.issuer, IDP_TIMEOUT_S);
  }
  const overrides = endpointOverrides(p);
  if (Object.keys(overrides).length > 0) {
    // The admin's Advanced endpoints win over discovery (an IdP that publishes internal addresses, a
    // gateway in front of the token endpoint). A hand-built Configuration loses openid-client's Entra
    // `{tenantid}` rule, so overrides do not mix with `organizations`/`common` issuers.
    config = new client.Configuration(
      { ...config.serverMetadata(), ...overrides },
      p.clientId,
      metadata,
      auth,
    );
    config.timeout = IDP_TIMEOUT_S;
    config[client.customFetch] = fetchVia;
    for (const apply of execute) apply(config);
  }
  const jwksUri = p.jwksUri || config.serverMetadata().jwks_uri;
  // jose's remote set refetches at once on an unknown kid, so a key rotated right after a login never
  // locks people out (openid-client alone waits 60 s, oidc-notes §2.5). No cooldown is needed: only
  // tokens the IdP's token endpoint returned, or front-channel ones openid-client already verified,
  // reach this check, and each needs a fresh single-use pending login, so nobody can trigger it in bulk.
  const jwks = jwksUri
    ? createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: 0, [customFetch]: fetchVia })
    : undefined;
  const entry = { updatedAt: row.updated_at, config, jwks };
  cache.set(row.id, entry);
  return entry;
}

/**
 * openid-client accepts an `aud` array that holds the client id plus anything else (OIDC Core §3.1.3.7
 * leaves "untrusted audiences" to the RP); DeskGate trusts only its client id and the admin's extra
 * trusted audiences, so a token minted for another service is never taken for ours.
 */
function assertTrustedAudiences(payload: JWTPayload, p: Provider): void {
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const untrusted = audiences.filter((a) => a !== p.clientId && !p.extraAudiences.includes(String(a)));
  if (untrusted.length > 0) {
    throw new Error(
      `the ID token is also meant for ${untrusted.map((a) => `"${String(a)}"`).join(', ')}, which is not a trusted audience of this provider (add it under Advanced → Extra trusted audiences if it is yours)`,
    );
  }
}

/**
 * Verifies the ID token's signature with the provider's keys — openid-client does not for tokens from
 * the token endpoint (oidc-notes §0.4) — and bounds `iat`, which it leaves unchecked (§2.4).
 */
export async function verifyIdTokenSignature(
  entry: Cached,
  row: OidcProviderRow,
  idToken: string,
): Promise<JWTPayload> {
  if (!entry.jwks)
    throw new AppError(
      'PROVIDER_ERROR',
      502,
      'The provider publishes no signing keys (jwks_uri); DeskGate cannot verify its ID tokens.',
    );
  const p = toApiProvider(row);
  const { payload } = await jwtVerify(idToken, entry.jwks, {
    algorithms: [p.idTokenSignedResponseAlg],
    clockTolerance: CLOCK_TOLERANCE_S,
  });
  assertTrustedAudiences(payload, p);
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.iat !== 'number' || payload.iat > now + CLOCK_TOLERANCE_S) {
    throw new Error('the ID token was issued in the future (check the clocks of DeskGate and the IdP)');
  }
  return payload;
}

function endpointOverrides(p: Provider): Partial<client.ServerMetadata> {
  return {
    ...(p.authorizationEndpoint ? { authorization_endpoint: p.authorizationEndpoint } : {}),
    ...(p.tokenEndpoint ? { token_endpoint: p.tokenEndpoint } : {}),
    ...(p.userinfoEndpoint ? { userinfo_endpoint: p.userinfoEndpoint } : {}),
    ...(p.jwksUri ? { jwks_uri: p.jwksUri } : {}),
  };
}
