import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { hashToken, randomToken } from '../security/tokens.ts';

export type LinkPurpose = 'invite' | 'reset';

/** How long a link works: a reset is for now, an invitation waits for someone to read their mail. */
export const LINK_TTL_HOURS: Record<LinkPurpose, number> = { reset: 1, invite: 72 };

/** A new one-time link for this user and purpose; older ones of the same purpose stop working. */
export async function issueLink(db: Kysely<Database>, userId: string, purpose: LinkPurpose): Promise<string> {
  const token = randomToken();
  const now = Date.now();
  await db.deleteFrom('email_links').where('expires_at', '<=', now).execute();
  await db.deleteFrom('email_links').where('user_id', '=', userId).where('purpose', '=', purpose).execute();
  await db
    .insertInto('email_links')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      purpose,
      created_at: now,
      expires_at: now + LINK_TTL_HOURS[purpose] * 3600_000,
    })
    .execute();
  return token;
}

/** The live link for a token, without using it up. */
export function findLink(db: Kysely<Database>, token: string) {
  return db
    .selectFrom('email_links')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('expires_at', '>', Date.now())
    .executeTakeFirst();
}

/** Uses the link up: true only for the one request that deletes it. */
export async function takeLink(db: Kysely<Database>, token: string): Promise<boolean> {
  const result = await db
    .deleteFrom('email_links')
    .where('token_hash', '=', hashToken(token))
    .where('expires_at', '>', Date.now())
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}
