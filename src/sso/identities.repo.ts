import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { conflict, notFound } from '../errors.ts';
import type { Identity } from '../shared/sso.ts';
import { isEntra } from './entra.ts';
import { findProviderById, toApiProvider } from './providers.repo.ts';

const identityColumns = [
  'identities.id',
  'identities.provider_id',
  'oidc_providers.name as provider_name',
  'identities.issuer',
  'identities.subject',
  'identities.tenant_id',
  'identities.object_id',
  'identities.email',
  'identities.created_at',
  'identities.last_login_at',
] as const;

type IdentityWithProvider = {
  id: string;
  provider_id: string;
  provider_name: string;
  issuer: string;
  subject: string;
  tenant_id: string | null;
  object_id: string | null;
  email: string;
  created_at: number;
  last_login_at: number | null;
};

/** The one place an identity row becomes an API object. */
export function toApiIdentity(r: IdentityWithProvider): Identity {
  return {
    id: r.id,
    providerId: r.provider_id,
    providerName: r.provider_name,
    issuer: r.issuer,
    subject: r.subject,
    tenantId: r.tenant_id,
    objectId: r.object_id,
    email: r.email,
    createdAt: Number(r.created_at),
    lastLoginAt: r.last_login_at === null ? null : Number(r.last_login_at),
  };
}

export async function listUserIdentities(db: Kysely<Database>, userId: string): Promise<Identity[]> {
  const rows = await db
    .selectFrom('identities')
    .innerJoin('oidc_providers', 'oidc_providers.id', 'identities.provider_id')
    .select(identityColumns)
    .where('identities.user_id', '=', userId)
    .orderBy('identities.created_at')
    .execute();
  return rows.map(toApiIdentity);
}

/**
 * Links an external identity to a user, as an admin decided. A subject already linked (to this user or
 * another) is refused: one person at the IdP maps to exactly one DeskGate account.
 */
export async function linkIdentity(
  db: Kysely<Database>,
  userId: string,
  input: { providerId: string; subject: string; issuer?: string | undefined },
): Promise<Identity> {
  const provider = toApiProvider(await findProviderById(db, input.providerId));
  const subject = input.subject.trim();
  const taken = await db
    .selectFrom('identities')
    .innerJoin('users', 'users.id', 'identities.user_id')
    .select(['users.id', 'users.username'])
    .where('identities.provider_id', '=', provider.id)
    .where('identities.subject', '=', subject)
    .executeTakeFirst();
  if (taken) {
    throw conflict(
      taken.id === userId
        ? `This ${provider.name} identity is already linked to this user.`
        : `This ${provider.name} identity is already linked to "${taken.username}". Unlink it there first.`,
    );
  }
  const issuer = input.issuer?.trim() || provider.issuer;
  // For Entra the subject is the object id (oid); the tenant comes from a tenant-specific issuer.
  const tenantId = isEntra(provider) ? (/\/([0-9a-f-]{36})\/v2\.0$/i.exec(issuer)?.[1] ?? null) : null;
  const id = randomUUID();
  await db
    .insertInto('identities')
    .values({
      id,
      provider_id: provider.id,
      issuer,
      subject,
      user_id: userId,
      tenant_id: tenantId,
      object_id: isEntra(provider) ? subject : null,
      email: '',
      created_at: Date.now(),
      last_login_at: null,
    })
    .execute();
  return toApiIdentity({
    id,
    provider_id: provider.id,
    provider_name: provider.name,
    issuer,
    subject,
    tenant_id: tenantId,
    object_id: isEntra(provider) ? subject : null,
    email: '',
    created_at: Date.now(),
    last_login_at: null,
  });
}

/** Removes one of a user's identities and returns what was removed (for the audit trail). */
export async function unlinkIdentity(
  db: Kysely<Database>,
  userId: string,
  identityId: string,
): Promise<Identity> {
  const row = await db
    .selectFrom('identities')
    .innerJoin('oidc_providers', 'oidc_providers.id', 'identities.provider_id')
    .select(identityColumns)
    .where('identities.id', '=', identityId)
    .where('identities.user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw notFound('The linked identity');
  await db.deleteFrom('identities').where('id', '=', identityId).execute();
  return toApiIdentity(row);
}
