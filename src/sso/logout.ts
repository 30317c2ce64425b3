import type { Kysely } from 'kysely';
import * as client from 'openid-client';
import type { Database, SessionRow } from '../db/schema.ts';
import { openSecret, sealSecret } from '../security/secret-box.ts';
import { configurationFor } from './oidc-config.ts';
import type { OutboundProxy } from './outbound.ts';
import { toApiProvider } from './providers.repo.ts';

// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): after DeskGate's own session ends, the
// browser is sent to the IdP's end_session_endpoint so the IdP session ends too.

/**
 * How long Log out waits for the IdP's discovery (needed for `end_session_endpoint`) when it is not cached
 * yet (issue 15 §8: a slow IdP held Log out for 10 s). Past it, only the local session ends; the discovery
 * itself goes on and fills the cache for the next sign-in or logout.
 */
export const LOGOUT_WAIT_MS = 2000;

/** The promise's value, or undefined when it takes longer than `ms` (its failure is the caller's, as usual). */
async function withinDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  // Nobody awaits the discovery after the deadline; its failure must not become an unhandled rejection.
  promise.catch(() => {});
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

const idTokenContext = (userId: string) => `session:${userId}:id_token`;

/** The session's ID token sealed at rest: it is a bearer of the person's identity, never stored plain. */
export const sealSessionIdToken = (key: Buffer, userId: string, idToken: string) =>
  sealSecret(key, idToken, idTokenContext(userId));

/**
 * Where the browser goes after Log out: the IdP's end-session URL when the session came from a provider
 * whose admin enabled it and whose discovery lists `end_session_endpoint`; otherwise null (local only).
 * The post-logout redirect URI `<origin>/login` must be registered at the IdP.
 */
export async function endSessionUrlFor(
  db: Kysely<Database>,
  key: Buffer,
  proxy: OutboundProxy,
  session: SessionRow,
  origin: string,
): Promise<string | null> {
  if (!session.sso_provider_id) return null;
  const row = await db
    .selectFrom('oidc_providers')
    .selectAll()
    .where('id', '=', session.sso_provider_id)
    .executeTakeFirst();
  if (!row || row.enabled !== 1 || !toApiProvider(row).endSessionEnabled) return null;
  const entry = await withinDeadline(configurationFor(row, key, proxy), LOGOUT_WAIT_MS);
  if (!entry) return null;
  const { config } = entry;
  if (!config.serverMetadata().end_session_endpoint) return null;
  const idToken = session.id_token_sealed
    ? openSecret(key, session.id_token_sealed, idTokenContext(session.user_id))
    : undefined;
  return client.buildEndSessionUrl(config, {
    client_id: row.client_id,
    post_logout_redirect_uri: `${origin}/login`,
    ...(idToken ? { id_token_hint: idToken } : {}),
  }).href;
}
