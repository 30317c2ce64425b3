import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The issuer of an identity that SCIM created before the person's first sign-in (src/scim/): SCIM tells
 * the subject (Entra: `externalId` = the user's objectId = the ID token's `oid`) but not the issuer, which
 * the first sign-in fills in.
 */
export const PROVISIONED_ISSUER = '';

/** The identity SCIM provisioned for this provider and subject that nobody has signed in with yet. */
export function findProvisionedIdentity(db: Kysely<Database>, providerId: string, subject: string) {
  return db
    .selectFrom('identities')
    .selectAll()
    .where('provider_id', '=', providerId)
    .where('issuer', '=', PROVISIONED_ISSUER)
    .where('subject', '=', subject)
    .executeTakeFirst();
}
