import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, OidcProviderRow } from '../db/schema.ts';
import { AppError, badRequest } from '../errors.ts';
import { CALLBACK_PATH } from './flow.ts';

// Which origin a provider's logins run on (issue 9 §6). The redirect_uri sent to the IdP and the address the
// browser comes back to used to follow the Host header of whoever started the login, so a forged Host chose
// the redirect_uri. Now it is DESKGATE_PUBLIC_URL when set, otherwise the origin an admin saved the provider
// from — an authenticated, CSRF-protected action, the same page that showed them "<origin>/api/oidc/callback"
// to register at the IdP. A request's own Host is only compared against it, never used.

/** The stored form of an origin the console sent: `scheme://host[:port]`, nothing else. */
export function normalizeCallbackOrigin(value: string): string {
  const url = URL.canParse(value.trim()) ? new URL(value.trim()) : undefined;
  const bare = url && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  if (!url || !bare || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw badRequest(
      `The callback origin "${value}" is not an origin such as https://deskgate.example.com (scheme, host and port only).`,
    );
  }
  return url.origin;
}

/** The origin a provider's logins and redirect URI use; refuses, in words, a provider never saved with one. */
export function providerOrigin(row: OidcProviderRow, publicUrl: string | undefined): string {
  if (publicUrl) return new URL(publicUrl).origin;
  if (row.callback_origin) return row.callback_origin;
  throw new AppError(
    'SSO_ORIGIN_MISSING',
    409,
    `The sign-in provider "${row.name}" does not know its callback address yet. An administrator must open Settings → OIDC, edit "${row.name}" and save it once from the address people use (or set DESKGATE_PUBLIC_URL).`,
  );
}

/** The request's own origin as the browser sees it (Fastify honours X-Forwarded-* only behind a trusted proxy). */
function requestOrigin(request: FastifyRequest): string | undefined {
  const value = `${request.protocol}://${request.host}`;
  return URL.canParse(value) ? new URL(value).origin : undefined;
}

/**
 * The origin for a login a browser starts here: the provider's, and only when the browser is on it — the
 * cookie binding the login to this browser is set on the request's host and must come back with the callback.
 */
export function browserLoginOrigin(
  request: FastifyRequest,
  row: OidcProviderRow,
  publicUrl: string | undefined,
): string {
  const origin = providerOrigin(row, publicUrl);
  if (publicUrl || requestOrigin(request) === origin) return origin;
  throw new AppError(
    'SSO_ORIGIN_MISMATCH',
    400,
    `Sign-in with "${row.name}" works only at ${origin}, the address its callback ${origin}${CALLBACK_PATH} is registered for. Open DeskGate at ${origin} and sign in there.`,
  );
}

/** The redirect URI a provider's logins use, for the fix an Entra error code names (the bare path when unknown). */
export async function registeredCallbackUrl(
  db: Kysely<Database>,
  providerId: string | undefined,
  publicUrl: string | undefined,
): Promise<string> {
  if (publicUrl) return `${new URL(publicUrl).origin}${CALLBACK_PATH}`;
  const row = providerId
    ? await db
        .selectFrom('oidc_providers')
        .select('callback_origin')
        .where('id', '=', providerId)
        .executeTakeFirst()
    : undefined;
  return `${row?.callback_origin ?? ''}${CALLBACK_PATH}`;
}
