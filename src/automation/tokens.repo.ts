import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ApiTokenRow, Database } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import { hashToken, randomToken } from '../security/tokens.ts';
import { API_TOKEN_SCOPES, type ApiToken, type ApiTokenScope } from '../shared/automation.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A prefix secret scanners (and people) recognise; the rest is 256 random bits. */
const API_TOKEN_PREFIX = 'dgt_';

/** The scopes stored on a row; unknown names (from a newer version) are dropped. */
export function scopesOf(row: Pick<ApiTokenRow, 'scopes'>): ApiTokenScope[] {
  const parsed: unknown = JSON.parse(row.scopes);
  return Array.isArray(parsed) ? API_TOKEN_SCOPES.filter((s) => parsed.includes(s)) : [];
}

/** The one place a token row becomes an API object; the hash never leaves this module. */
function toApiToken(row: ApiTokenRow & { creator: string | null }, now: number): ApiToken {
  return {
    id: row.id,
    name: row.name,
    scopes: scopesOf(row),
    createdBy: row.creator ?? '',
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
    revokedAt: row.revoked_at,
    status: row.revoked_at !== null ? 'revoked' : row.expires_at <= now ? 'expired' : 'active',
  };
}

const withCreator = (db: Kysely<Database>) =>
  db
    .selectFrom('api_tokens')
    .leftJoin('users', 'users.id', 'api_tokens.created_by')
    .selectAll('api_tokens')
    .select('users.username as creator');

export async function listApiTokens(db: Kysely<Database>, now: number): Promise<ApiToken[]> {
  const rows = await withCreator(db)
    .orderBy('api_tokens.created_at', 'desc')
    .orderBy('api_tokens.id')
    .execute();
  return rows.map((r) => toApiToken(r, now));
}

export interface NewApiToken {
  name: string;
  scopes: ApiTokenScope[];
  expiresInDays: number;
  createdBy: string;
}

/** Creates a token; the secret is returned this once, only its hash is stored. */
export async function insertApiToken(
  db: Kysely<Database>,
  input: NewApiToken,
  now: number,
): Promise<{ token: ApiToken; secret: string }> {
  const secret = `${API_TOKEN_PREFIX}${randomToken()}`;
  const id = randomUUID();
  await db
    .insertInto('api_tokens')
    .values({
      id,
      name: input.name.trim(),
      token_hash: hashToken(secret),
      scopes: JSON.stringify(API_TOKEN_SCOPES.filter((s) => input.scopes.includes(s))),
      created_by: input.createdBy,
      created_at: now,
      expires_at: now + input.expiresInDays * DAY_MS,
      last_used_at: null,
      last_used_ip: '',
      revoked_at: null,
    })
    .execute();
  const row = await withCreator(db).where('api_tokens.id', '=', id).executeTakeFirstOrThrow();
  return { token: toApiToken(row, now), secret };
}

/** Revokes a token for good (kept in the list, marked revoked); an unknown id is a 404. */
export async function revokeApiToken(db: Kysely<Database>, id: string, now: number): Promise<ApiTokenRow> {
  const row = await db
    .updateTable('api_tokens')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('The API token');
  return row;
}

/** The row whose hash matches the presented secret, whatever its state. */
export async function findApiTokenBySecret(
  db: Kysely<Database>,
  secret: string,
): Promise<ApiTokenRow | undefined> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', hashToken(secret))
    .executeTakeFirst();
}

/** Records a use: when and from where (shown in the console). */
export async function touchApiToken(
  db: Kysely<Database>,
  id: string,
  ip: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: now, last_used_ip: ip })
    .where('id', '=', id)
    .execute();
}
