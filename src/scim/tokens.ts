import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, OidcProviderRow } from '../db/schema.ts';
import { hashToken, randomToken } from '../security/tokens.ts';
import { providerOrigin } from '../sso/callback-origin.ts';
import { ScimError } from './errors.ts';

// The SCIM bearer secret of a provider: generated here, shown once, stored as a SHA-256 hash, rotatable.

export const SCIM_PATH = '/scim/v2';
const PREFIX = 'dgscim_';

/** A new secret for the provider; the old one stops working at once. */
export async function rotateScimToken(db: Kysely<Database>, providerId: string) {
  const token = `${PREFIX}${randomToken()}`;
  const createdAt = Date.now();
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('scim_tokens').where('provider_id', '=', providerId).execute();
    await tx
      .insertInto('scim_tokens')
      .values({ provider_id: providerId, token_hash: hashToken(token), created_at: createdAt })
      .execute();
  });
  return { token, createdAt };
}

export async function revokeScimToken(db: Kysely<Database>, providerId: string): Promise<boolean> {
  const result = await db.deleteFrom('scim_tokens').where('provider_id', '=', providerId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function scimTokenCreatedAt(db: Kysely<Database>, providerId: string): Promise<number | null> {
  const row = await db
    .selectFrom('scim_tokens')
    .select('created_at')
    .where('provider_id', '=', providerId)
    .executeTakeFirst();
  return row ? Number(row.created_at) : null;
}

/** The provider whose secret a SCIM request carries as `Authorization: Bearer`; 401 otherwise. */
export async function authenticateScim(request: FastifyRequest): Promise<OidcProviderRow> {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const row = token
    ? await request.server.db.kysely
        .selectFrom('scim_tokens')
        .innerJoin('oidc_providers', 'oidc_providers.id', 'scim_tokens.provider_id')
        .selectAll('oidc_providers')
        .where('scim_tokens.token_hash', '=', hashToken(token))
        .executeTakeFirst()
    : undefined;
  if (!row)
    throw new ScimError(
      401,
      "The SCIM secret is missing or wrong. Generate a new one on the provider's page in DeskGate (Settings → OIDC) and paste it into the IdP's Secret Token field.",
    );
  return row;
}

/** The base URL of the SCIM endpoint for resource locations and the Tenant URL field. */
export function scimBaseUrl(row: OidcProviderRow, publicUrl: string | undefined): string {
  try {
    return `${providerOrigin(row, publicUrl)}${SCIM_PATH}`;
  } catch {
    return SCIM_PATH;
  }
}
