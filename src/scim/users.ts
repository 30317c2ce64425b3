import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { deleteUserSessions, insertUser, updateUser } from '../accounts/index.ts';
import { deleteUserClientTokens } from '../accounts/sessions.ts';
import { removesLastAdmin } from '../accounts/users.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Database, OidcProviderRow, ScimUserRow } from '../db/schema.ts';
import { uniqueUsername } from '../sso/identities.ts';
import { PROVISIONED_ISSUER, tenantOfIssuer } from '../sso/provisioned-identity.ts';
import { provisionedBy } from './actor.ts';
import { ScimError, scimNotFound } from './errors.ts';
import { applyGroupsToAccounts } from './membership.ts';
import { type Attributes, applyPatch, type PatchOperation } from './patch.ts';
import { factsOf, normalise, storedAttributes, type UserFacts } from './user-resource.ts';

// SCIM Users of one provider (RFC 7644 §3.3–3.6), each the provider's view of one DeskGate account.

export async function findScimUser(
  db: Kysely<Database>,
  row: OidcProviderRow,
  id: string,
): Promise<ScimUserRow> {
  const user = await db
    .selectFrom('scim_users')
    .selectAll()
    .where('provider_id', '=', row.id)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!user) throw scimNotFound('User', id);
  return user;
}

function requireUserName(facts: UserFacts): void {
  if (!facts.userName)
    throw new ScimError(400, 'The user has no userName; SCIM requires one.', 'invalidValue');
}

async function assertUserNameFree(
  db: Kysely<Database>,
  row: OidcProviderRow,
  facts: UserFacts,
  self?: string,
) {
  const other = await db
    .selectFrom('scim_users')
    .select('id')
    .where('provider_id', '=', row.id)
    .where('user_name_key', '=', facts.userName.toLowerCase())
    .executeTakeFirst();
  if (other && other.id !== self)
    throw new ScimError(409, `A user with userName "${facts.userName}" already exists.`, 'uniqueness');
}

/**
 * The DeskGate account a new SCIM user is: the one an OIDC sign-in of this person already reached (its
 * identity's subject — Entra: the `oid` — equals the externalId), or a new account with a provisioned
 * identity that the person's first sign-in completes (sso/provisioned-identity.ts).
 */
async function accountFor(db: Kysely<Database>, row: OidcProviderRow, facts: UserFacts, ip: string) {
  const subject = facts.externalId || facts.userName;
  const identity = await db
    .selectFrom('identities')
    .select('user_id')
    .where('provider_id', '=', row.id)
    .where((eb) => eb.or([eb('subject', '=', subject), eb('object_id', '=', subject)]))
    .executeTakeFirst();
  if (identity) return identity.user_id;
  const user = await insertUser(db, {
    username: await uniqueUsername(db, facts.userName),
    displayName: facts.displayName,
    email: facts.email,
    isAdmin: false,
  });
  await db
    .insertInto('identities')
    .values({
      id: randomUUID(),
      provider_id: row.id,
      issuer: PROVISIONED_ISSUER,
      subject,
      user_id: user.id,
      tenant_id: row.type === 'entra' ? tenantOfIssuer(row.issuer) : null,
      object_id: row.type === 'entra' ? subject : null,
      email: facts.email,
      created_at: Date.now(),
      last_login_at: null,
    })
    .execute();
  await recordAudit(db, provisionedBy(row, ip), 'user.create', user.username, {
    via: 'scim',
    provider: row.name,
  });
  return user.id;
}

/**
 * Carries a User's facts to its account. Deactivating ends, in the caller's transaction, every console
 * session and RustDesk client token of the person (as a password reset does, accounts/password-change.ts).
 */
async function syncAccount(
  db: Kysely<Database>,
  row: OidcProviderRow,
  userId: string,
  facts: UserFacts,
  ip: string,
) {
  const before = await db
    .selectFrom('users')
    .select(['status', 'is_admin', 'role_id'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  // RFC 7644 §3.12: 409 for a request the service refuses in its current state; nothing was changed.
  if (await removesLastAdmin(db, before, { enabled: facts.active }))
    throw new ScimError(
      409,
      'This person is the last enabled Administrator of DeskGate; deactivating them would lock everyone out. Give another user the Administrator role in DeskGate first.',
    );
  const user = await updateUser(db, userId, {
    ...(facts.displayName ? { displayName: facts.displayName } : {}),
    ...(facts.email ? { email: facts.email } : {}),
    enabled: facts.active,
  });
  if (!facts.active) {
    await deleteUserSessions(db, userId);
    await deleteUserClientTokens(db, userId);
  }
  if ((before.status === 1) !== facts.active) {
    await recordAudit(db, provisionedBy(row, ip), 'user.update', user.username, {
      via: 'scim',
      provider: row.name,
      enabled: facts.active,
    });
  }
}

async function saveUser(db: Kysely<Database>, id: string, facts: UserFacts, attrs: Attributes) {
  await db
    .updateTable('scim_users')
    .set({
      external_id: facts.externalId,
      user_name: facts.userName,
      user_name_key: facts.userName.toLowerCase(),
      attributes: JSON.stringify(attrs),
      updated_at: Date.now(),
    })
    .where('id', '=', id)
    .execute();
}

/** POST /Users: a new SCIM user, on an existing or a new DeskGate account, in one transaction. */
export async function createScimUser(
  db: Kysely<Database>,
  row: OidcProviderRow,
  body: Attributes,
  ip: string,
) {
  const attrs = storedAttributes(body);
  const facts = factsOf(attrs);
  requireUserName(facts);
  return db.transaction().execute(async (tx) => {
    await assertUserNameFree(tx, row, facts);
    const userId = await accountFor(tx, row, facts, ip);
    const taken = await tx
      .selectFrom('scim_users')
      .select('id')
      .where('provider_id', '=', row.id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (taken)
      throw new ScimError(
        409,
        `The person with externalId "${facts.externalId}" is already provisioned.`,
        'uniqueness',
      );
    const now = Date.now();
    const id = randomUUID();
    await tx
      .insertInto('scim_users')
      .values({
        id,
        provider_id: row.id,
        user_id: userId,
        external_id: facts.externalId,
        user_name: facts.userName,
        user_name_key: facts.userName.toLowerCase(),
        attributes: JSON.stringify(attrs),
        created_at: now,
        updated_at: now,
      })
      .execute();
    await syncAccount(tx, row, userId, facts, ip);
    await recordAudit(tx, provisionedBy(row, ip), 'scim.user.create', facts.userName, {
      provider: row.name,
      id,
    });
    return findScimUser(tx, row, id);
  });
}

/** PATCH /Users/:id (RFC 7644 §3.5.2) or PUT (§3.5.1, `replace` = the whole body). */
export async function updateScimUser(
  db: Kysely<Database>,
  row: OidcProviderRow,
  id: string,
  change: { operations: PatchOperation[] } | { replace: Attributes },
  ip: string,
) {
  return db.transaction().execute(async (tx) => {
    const current = await findScimUser(tx, row, id);
    let attrs: Attributes;
    if ('replace' in change) attrs = storedAttributes(change.replace);
    else {
      attrs = JSON.parse(current.attributes) as Attributes;
      applyPatch(attrs, change.operations);
      attrs = normalise(storedAttributes(attrs));
    }
    const facts = factsOf(attrs);
    requireUserName(facts);
    await assertUserNameFree(tx, row, facts, id);
    await saveUser(tx, id, facts, attrs);
    await syncAccount(tx, row, current.user_id, facts, ip);
    await recordAudit(tx, provisionedBy(row, ip), 'scim.user.update', facts.userName, {
      provider: row.name,
      id,
      ...('operations' in change ? { paths: change.operations.map((o) => o.path ?? '(no path)') } : {}),
    });
    await applyGroupsToAccounts(tx, row, [id], ip);
    return findScimUser(tx, row, id);
  });
}

/**
 * DELETE /Users/:id: the SCIM resource goes, the DeskGate account stays but is disabled — with its console
 * sessions and client tokens ended in the same transaction — so its devices and audit trail keep a name.
 */
export async function deleteScimUser(db: Kysely<Database>, row: OidcProviderRow, id: string, ip: string) {
  await db.transaction().execute(async (tx) => {
    const current = await findScimUser(tx, row, id);
    const facts = { ...factsOf(JSON.parse(current.attributes) as Attributes), active: false };
    await syncAccount(tx, row, current.user_id, facts, ip);
    await tx.deleteFrom('scim_users').where('id', '=', id).execute();
    await recordAudit(tx, provisionedBy(row, ip), 'scim.user.delete', current.user_name, {
      provider: row.name,
      id,
    });
  });
}
