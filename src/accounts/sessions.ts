import type { Kysely } from 'kysely';
import type { Database, SessionRow } from '../db/schema.ts';
import { hashToken, randomToken } from '../security/tokens.ts';

/** Console sessions last a working day; after that the person signs in again. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const SESSION_COOKIE = 'deskgate_session';

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: number;
}

/** How a single sign-on session came to be: kept for RP-initiated logout (the ID token arrives sealed). */
export interface SessionOrigin {
  providerId: string;
  idTokenSealed: string | null;
  /** The ID token's `sid` (the IdP session), so the IdP's logout can end this session. */
  sid?: string | null;
}

/** Stores only the token's hash; the token itself goes to the browser once, in the cookie. */
export async function createSession(
  db: Kysely<Database>,
  userId: string,
  meta: { ip: string; userAgent: string },
  sso?: SessionOrigin,
): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken();
  const now = Date.now();
  const expiresAt = now + SESSION_TTL_MS;
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      expires_at: expiresAt,
      ip: meta.ip,
      user_agent: meta.userAgent.slice(0, 500),
      sso_provider_id: sso?.providerId ?? null,
      id_token_sealed: sso?.idTokenSealed ?? null,
      sso_sid: sso?.sid ?? null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

/** A live session for this cookie value, or undefined (unknown or expired). */
export async function findSession(db: Kysely<Database>, token: string): Promise<SessionRow | undefined> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('expires_at', '>', Date.now())
    .executeTakeFirst();
}

/** Deletes the session and returns it (or undefined), so logout knows which provider signed it in. */
export async function deleteSession(db: Kysely<Database>, token: string): Promise<SessionRow | undefined> {
  const row = await db
    .selectFrom('sessions')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
  return row;
}

/** Ends every console session of a user (disable, delete, password reset). */
export async function deleteUserSessions(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Signs a user out of every RustDesk client (their bearer tokens stop working at once, on every instance). */
export async function deleteUserClientTokens(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('client_tokens').where('user_id', '=', userId).execute();
}

export async function pruneExpiredSessions(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', Date.now()).execute();
}
