import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Insertable, Kysely } from 'kysely';
import { findUserById } from '../accounts/index.ts';
import { compiledQuery } from '../db/compiled-query.ts';
import type { ClientTokensTable, Database, UserRow } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { hashToken, randomToken } from '../security/tokens.ts';
import { refreshDeviceStrategies } from '../strategies/effective.ts';

/** A signed-in RustDesk client stays signed in for 30 days of disuse. */
export const CLIENT_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface DeviceRef {
  id: string;
  uuid: string;
  info?: unknown;
}

/**
 * Issues a RustDesk client token; only its hash is stored. It records the device (id + uuid) it was
 * issued to, and that binding is enforced where the official client sends its own id/uuid:
 * `POST /api/currentUser` and `POST /api/logout` (flutter/lib/models/user_model.dart,
 * src/ui/index.tis). Everywhere else the client sends only `Authorization: Bearer` — address books
 * (flutter/lib/models/ab_model.dart), the accessible-devices lists (flutter/lib/models/group_model.dart),
 * the audit GUID query and note (flutter/lib/models/model.dart, flutter/lib/common/widgets/dialog.dart)
 * — so there the token is a plain bearer token: whoever holds it is the user. The sliding
 * 30-day expiry and the absolute `DESKGATE_CLIENT_TOKEN_MAX_DAYS` bound what a copied token is worth;
 * a password change or reset ends all of a user's tokens.
 */
export async function issueClientToken(
  db: Kysely<Database>,
  userId: string,
  device: DeviceRef,
  sso?: { providerId: string; sid: string | null },
): Promise<string> {
  const token = randomToken();
  const now = Date.now();
  await insertToken(db, {
    id: randomUUID(),
    token_hash: hashToken(token),
    user_id: userId,
    device_id: device.id,
    device_uuid: device.uuid,
    device_info: JSON.stringify(device.info ?? {}),
    created_at: now,
    expires_at: now + CLIENT_TOKEN_TTL_MS,
    last_used_at: now,
    // An OIDC device login's provider and IdP session: IdP-started logout ends the token (sso/idp-logout.ts).
    sso_provider_id: sso?.providerId ?? null,
    sso_sid: sso?.sid ?? null,
  });
  // A user's strategy follows them onto the devices they sign in on (src/strategies/effective.ts).
  await refreshDeviceStrategies(db, [device.id]);
  return token;
}

// Every sign-in of a client inserts one: compiled once (db/compiled-query.ts, issue 14).
const insertToken = compiledQuery((db, row: Insertable<ClientTokensTable>) =>
  db.insertInto('client_tokens').values(row),
);

/** `last_used_at` and the sliding expiry are written at most this often (issue 15: reads must not write). */
export const CLIENT_TOKEN_TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export interface ClientAuthOptions {
  /** Absolute lifetime counted from sign-in (`DESKGATE_CLIENT_TOKEN_MAX_DAYS`), on top of the sliding one. */
  maxAgeMs: number;
  /**
   * The `id`/`uuid` the client sent on a call where it ALWAYS sends them (currentUser, logout):
   * then both must be the token's device. Not given on calls where the client sends none, which
   * therefore accept the token as a plain bearer token.
   */
  device?: { id?: string | undefined; uuid?: string | undefined } | undefined;
  /** Told when the best-effort bookkeeping write fails; the read goes on. */
  onTouchError?: ((err: unknown) => void) | undefined;
  now?: number | undefined;
}

/**
 * The user behind an `Authorization: Bearer` header. Refused (401, which makes the client log out
 * locally) when unknown, past its sliding or absolute expiry, used from another device, or the user
 * is disabled.
 */
export async function authenticateClientToken(
  db: Kysely<Database>,
  header: string | undefined,
  options: ClientAuthOptions,
): Promise<{ user: UserRow; tokenHash: string; touched: boolean }> {
  const token = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
  const invalid = new AppError('NOT_AUTHENTICATED', 401, 'Invalid token');
  if (!token) throw invalid;
  const now = options.now ?? Date.now();
  const tokenHash = hashToken(token);
  const row = await db
    .selectFrom('client_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || row.expires_at < now || row.created_at + options.maxAgeMs <= now) throw invalid;
  // Both must be the token's own; one left out counts as '' and so matches only a token that was
  // issued without it (a client that had none), never a token bound to a device.
  const { device } = options;
  if (device && ((device.id ?? '') !== row.device_id || (device.uuid ?? '') !== row.device_uuid))
    throw invalid;
  const user = await findUserById(db, row.user_id);
  if (!user || user.status !== 1) throw invalid;
  let touched = false;
  if (now - row.last_used_at >= CLIENT_TOKEN_TOUCH_INTERVAL_MS) {
    touched = await touchClientToken(db, row.id, now, row.created_at + options.maxAgeMs).then(
      () => true,
      (err: unknown) => {
        options.onTouchError?.(err);
        return false;
      },
    );
  }
  return { user, tokenHash, touched };
}

/**
 * Bookkeeping only, at most every few minutes (several instances may race: the condition makes the
 * later ones write nothing). The sliding expiry never passes the absolute one.
 */
async function touchClientToken(db: Kysely<Database>, id: string, now: number, absoluteEnd: number) {
  await db
    .updateTable('client_tokens')
    .set({ last_used_at: now, expires_at: Math.min(now + CLIENT_TOKEN_TTL_MS, absoluteEnd) })
    .where('id', '=', id)
    .where('last_used_at', '<=', now - CLIENT_TOKEN_TOUCH_INTERVAL_MS)
    .execute();
}

// Which databases are failing the bookkeeping write right now: one warning when it starts, not one
// per request (a full disk would otherwise log every client read). Memory only: it only quiets logs.
const touchFailing = new WeakSet<object>();

/**
 * The signed-in RustDesk user of a request. Pass `device` (the request body) only on calls where
 * the official client always sends its own `id` and `uuid`; see the route for the client source.
 */
export async function authenticateClient(
  request: FastifyRequest,
  device?: { id?: string | undefined; uuid?: string | undefined } | null,
): Promise<{ user: UserRow; tokenHash: string }> {
  const db = request.server.db.kysely;
  const { user, tokenHash, touched } = await authenticateClientToken(db, request.headers.authorization, {
    maxAgeMs: request.server.config.clientTokenMaxDays * DAY_MS,
    device: device === undefined ? undefined : (device ?? {}),
    onTouchError: (err) => {
      if (touchFailing.has(db)) {
        request.log.debug({ err }, 'client token last use still not recorded');
        return;
      }
      touchFailing.add(db);
      request.log.warn({ err }, 'could not record when a client token was last used; client reads go on');
    },
  });
  if (touched && touchFailing.delete(db)) request.log.info('client token last use is recorded again');
  return { user, tokenHash };
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function revokeClientToken(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('client_tokens').where('token_hash', '=', tokenHash).execute();
}
