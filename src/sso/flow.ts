import type { Kysely } from 'kysely';
import * as client from 'openid-client';
import type { Database, OidcProviderRow, PendingLoginRow } from '../db/schema.ts';
import { hashToken, randomToken } from '../security/tokens.ts';
import { configurationFor, describe, verifyIdTokenSignature } from './oidc-config.ts';
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
 * Starts an authorization-code + PKCE sign-in: the state, nonce and verifier go to the database
 * (any instance can finish it), bound to this browser by `binding`, which the caller sets as a cookie.
 */
export async function startSignIn(
  db: Kysely<Database>,
  key: Buffer,
  row: OidcProviderRow,
  opts: { origin: string; returnTo: string; purpose: 'console' | 'test' | 'device'; deviceLoginId?: string },
): Promise<{ url: string; binding: string }> {
  const { config } = await configurationFor(row, key);
  const p = toApiProvider(row);
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
    return_to: opts.returnTo,
    device_login_id: opts.deviceLoginId ?? null,
    expires_at: Date.now() + PENDING_LOGIN_TTL_MS,
  });
  // PKCE, state and nonce are always sent: Entra supports S256 without advertising it (oidc-notes §0.7).
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: `${opts.origin}${CALLBACK_PATH}`,
    scope: p.scopes,
    state,
    nonce,
    ...(p.pkce
      ? { code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }
      : {}),
  });
  return { url: url.href, binding };
}

/** Completes a callback: single-use state, token exchange, full ID-token validation, userinfo if needed. */
export async function completeSignIn(
  db: Kysely<Database>,
  key: Buffer,
  loadProvider: (id: string) => Promise<OidcProviderRow>,
  opts: { origin: string; query: Record<string, string>; binding: string | undefined },
) {
  const state = opts.query.state;
  const pending = state ? await takePendingLogin(db, state, opts.binding) : undefined;
  if (!pending)
    throw new SignInFailed(
      'SSO_LINK_EXPIRED',
      'This sign-in link has expired or was already used. Start the sign-in again.',
    );
  const row = await loadProvider(pending.provider_id);
  const entry = await configurationFor(row, key);
  const current = new URL(`${opts.origin}${CALLBACK_PATH}`);
  for (const [k, v] of Object.entries(opts.query)) current.searchParams.set(k, v);
  try {
    const tokens = await client.authorizationCodeGrant(entry.config, current, {
      expectedState: state,
      expectedNonce: pending.nonce,
      ...(toApiProvider(row).pkce ? { pkceCodeVerifier: pending.code_verifier } : {}),
      idTokenExpected: true,
    });
    if (!tokens.id_token) throw new Error('no ID token in the token response');
    await verifyIdTokenSignature(entry, row, tokens.id_token);
    let claims: Claims = { ...(tokens.claims() ?? {}) };
    if (!claims.email || !claims.name) {
      // UserInfo fills what the ID token lacks; openid-client requires its sub to match.
      const info = await client.fetchUserInfo(entry.config, tokens.access_token, String(claims.sub));
      claims = { ...info, ...claims };
    }
    return { pending, row, claims };
  } catch (err) {
    throw new SignInFailed(
      'SSO_VERIFY_FAILED',
      `The identity provider's answer could not be verified (${describe(err)}). Nobody was signed in; try again or ask an administrator.`,
      pending,
    );
  }
}
