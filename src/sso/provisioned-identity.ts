import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The issuer of an identity that SCIM created before the person's first sign-in (src/scim/): SCIM tells
 * the subject (Entra: `externalId` = the user's objectId = the ID token's `oid`) but not the issuer, which
 * the first sign-in fills in.
 */
export const PROVISIONED_ISSUER = '';

/**
 * The identity SCIM provisioned for this provider and subject that nobody has signed in with yet; when SCIM
 * knew the tenant (an Entra provider with one tenant's issuer), only a sign-in from that tenant takes it.
 */
export function findProvisionedIdentity(
  db: Kysely<Database>,
  providerId: string,
  key: { subject: string; tenantId: string | null },
) {
  return db
    .selectFrom('identities')
    .selectAll()
    .where('provider_id', '=', providerId)
    .where('issuer', '=', PROVISIONED_ISSUER)
    .where('subject', '=', key.subject)
    .where((eb) =>
      key.tenantId === null
        ? eb('tenant_id', 'is', null)
        : eb.or([eb('tenant_id', 'is', null), eb('tenant_id', '=', key.tenantId)]),
    )
    .executeTakeFirst();
}

/** The tenant of an Entra issuer `https://login.microsoftonline.com/<tenant id>/v2.0`; null for `common` etc. */
export function tenantOfIssuer(issuer: string): string | null {
  const segment = URL.canParse(issuer) ? (new URL(issuer).pathname.split('/')[1] ?? '') : '';
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment)
    ? segment.toLowerCase()
    : null;
}
