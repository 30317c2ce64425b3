import { createRemoteJWKSet, customFetch, type JWTPayload, jwtVerify } from 'jose';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.ts';
import type { Database, OidcProviderRow } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { hashToken } from '../security/tokens.ts';
import { CLOCK_TOLERANCE_S, configurationFor } from './oidc-config.ts';
import { type OutboundProxy, outboundFetch } from './outbound.ts';
import { toApiProvider } from './providers.repo.ts';
import type { Claims } from './rules.ts';

// Logout that the identity provider starts (issue 12): OpenID Connect Back-Channel Logout 1.0 (a signed
// logout token POSTed by the IdP) and Front-Channel Logout 1.0 (a URL the IdP loads in an iframe; Entra).

/** The `sid` claim of an ID token (Back-Channel Logout 1.0 §2.1, Front-Channel Logout 1.0 §3), if any. */
export const sidOf = (claims: Claims): string | null =>
  typeof claims.sid === 'string' && claims.sid !== '' ? claims.sid : null;

/** Back-Channel Logout 1.0 §2.4: the member of `events` that makes a JWT a logout token. */
export const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** A logout token older than this is refused (§2.6 step 5 lets the RP bound `iat`); its jti is kept as long. */
const LOGOUT_TOKEN_MAX_AGE_S = 300;

const refused = (why: string) =>
  new AppError('LOGOUT_TOKEN_INVALID', 400, `The logout token was refused: ${why}. Nobody was signed out.`);

// The keys for logout tokens, per provider version. Unlike the sign-in key set (oidc-config.ts, no
// cooldown), this one keeps jose's default 30 s cooldown: anyone can POST a token with an unknown `kid`
// here, and that must not make DeskGate refetch the IdP's JWKS on every request.
const logoutKeys = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

async function logoutKeySet(row: OidcProviderRow, key: Buffer, proxy: OutboundProxy) {
  const cacheKey = `${row.id}:${row.updated_at}`;
  const hit = logoutKeys.get(cacheKey);
  if (hit)
    return { jwks: hit, issuer: (await configurationFor(row, key, proxy)).config.serverMetadata().issuer };
  const p = toApiProvider(row);
  const { config } = await configurationFor(row, key, proxy);
  const jwksUri = p.jwksUri || config.serverMetadata().jwks_uri;
  if (!jwksUri) throw refused('the provider publishes no signing keys (jwks_uri)');
  const jwks = createRemoteJWKSet(new URL(jwksUri), {
    [customFetch]: outboundFetch(proxy, p.caCertificate),
  });
  logoutKeys.set(cacheKey, jwks);
  return { jwks, issuer: config.serverMetadata().issuer };
}

/** Who a valid logout token signs out: an IdP session (`sid`), a person (`sub`), or both. */
export interface LogoutSubject {
  sid: string | null;
  sub: string | null;
}

/**
 * Validates a logout token as Back-Channel Logout 1.0 §2.6 says — signature with the provider's keys and
 * its configured algorithm (never `none`), `iss`, `aud`, `iat` (not in the future, not older than
 * LOGOUT_TOKEN_MAX_AGE_S), `exp` when present, the `events` member, no `nonce`, `sub` and/or `sid` — then
 * accepts its `jti` once (stored in the database, so a replay is refused on every instance).
 */
export async function verifyLogoutToken(
  db: Kysely<Database>,
  key: Buffer,
  proxy: OutboundProxy,
  row: OidcProviderRow,
  token: string,
): Promise<LogoutSubject> {
  const p = toApiProvider(row);
  const { jwks, issuer } = await logoutKeySet(row, key, proxy);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, jwks, {
      algorithms: [p.idTokenSignedResponseAlg],
      issuer,
      audience: p.clientId,
      clockTolerance: CLOCK_TOLERANCE_S,
      maxTokenAge: LOGOUT_TOKEN_MAX_AGE_S,
      requiredClaims: ['iat', 'jti'],
    }));
  } catch (err) {
    throw refused(err instanceof Error ? err.message : String(err));
  }
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.iat !== 'number' || payload.iat > now + CLOCK_TOLERANCE_S)
    throw refused('it was issued in the future (check the clocks of DeskGate and the IdP)');
  const events = payload.events;
  const event =
    typeof events === 'object' && events !== null && !Array.isArray(events)
      ? (events as Record<string, unknown>)[BACKCHANNEL_EVENT]
      : undefined;
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    throw refused(`its "events" claim has no "${BACKCHANNEL_EVENT}" member`);
  if ('nonce' in payload) throw refused('it carries a nonce, so it is not a logout token');
  const sid = typeof payload.sid === 'string' && payload.sid ? payload.sid : null;
  const sub = typeof payload.sub === 'string' && payload.sub ? payload.sub : null;
  if (!sid && !sub) throw refused('it names neither a session (sid) nor a person (sub)');
  await acceptJtiOnce(db, row.id, String(payload.jti), payload.iat);
  return { sid, sub };
}

/** §2.6 step 9 (MAY): a jti seen before is a replay. One INSERT decides it, also between instances. */
async function acceptJtiOnce(db: Kysely<Database>, providerId: string, jti: string, iat: number) {
  const now = Date.now();
  await db.deleteFrom('logout_token_jtis').where('expires_at', '<', now).execute();
  const jtiKey = `${providerId}:${hashToken(jti)}`;
  const result = await db
    .insertInto('logout_token_jtis')
    .values({ jti_key: jtiKey, expires_at: (iat + LOGOUT_TOKEN_MAX_AGE_S + CLOCK_TOLERANCE_S) * 1000 })
    .onConflict((oc) => oc.column('jti_key').doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) !== 1) throw refused('it was already used (replayed jti)');
}

/**
 * Ends, in one transaction, the console sessions and RustDesk client tokens that came from this provider's
 * IdP session `sid`; with only `sub`, everything of that person that came from this provider.
 */
export async function endIdpSessions(
  db: Kysely<Database>,
  row: OidcProviderRow,
  who: LogoutSubject,
  channel: 'back-channel' | 'front-channel',
  ip: string,
): Promise<{ sessions: number; clientTokens: number }> {
  const ended = await db.transaction().execute(async (tx) => {
    const userIds =
      who.sid || !who.sub
        ? []
        : (
            await tx
              .selectFrom('identities')
              .select('user_id')
              .where('provider_id', '=', row.id)
              .where('subject', '=', who.sub)
              .execute()
          ).map((r) => r.user_id);
    if (!who.sid && userIds.length === 0) return { sessions: 0, clientTokens: 0 };
    let sessions = tx.deleteFrom('sessions').where('sso_provider_id', '=', row.id);
    let tokens = tx.deleteFrom('client_tokens').where('sso_provider_id', '=', row.id);
    if (who.sid) {
      sessions = sessions.where('sso_sid', '=', who.sid);
      tokens = tokens.where('sso_sid', '=', who.sid);
    } else {
      sessions = sessions.where('user_id', 'in', userIds);
      tokens = tokens.where('user_id', 'in', userIds);
    }
    const s = await sessions.executeTakeFirst();
    const t = await tokens.executeTakeFirst();
    return { sessions: Number(s.numDeletedRows), clientTokens: Number(t.numDeletedRows) };
  });
  await recordAudit(db, { id: null, name: row.name, ip }, 'sso.logout.idp', '', {
    provider: row.name,
    channel,
    ...(who.sid ? { sid: who.sid } : {}),
    ...(who.sub ? { sub: who.sub } : {}),
    ...ended,
  });
  return ended;
}
