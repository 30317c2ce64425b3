import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.ts';
import type { Database, OidcProviderRow, ScimGroupRow } from '../db/schema.ts';
import { provisionedBy } from './actor.ts';
import { ScimError, scimNotFound } from './errors.ts';
import { applyGroupsToAccounts } from './membership.ts';
import { type Attributes, applyPatch, type PatchOperation } from './patch.ts';

// SCIM Groups of one provider (RFC 7643 §4.2). Membership drives the DeskGate user group and admin status
// of the members' accounts (membership.ts). Entra adds and removes members in batches of PATCH operations
// ("Tutorial: Develop and plan provisioning for a SCIM endpoint", Group operations).

export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export async function findScimGroup(
  db: Kysely<Database>,
  row: OidcProviderRow,
  id: string,
): Promise<ScimGroupRow> {
  const group = await db
    .selectFrom('scim_groups')
    .selectAll()
    .where('provider_id', '=', row.id)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!group) throw scimNotFound('Group', id);
  return group;
}

export async function memberIdsOf(db: Kysely<Database>, groupId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('scim_group_members')
    .select('scim_user_id')
    .where('group_id', '=', groupId)
    .orderBy('scim_user_id')
    .execute();
  return rows.map((r) => r.scim_user_id);
}

/** The member ids a body names (`members: [{ value }]`), kept only when they are this provider's users. */
async function knownMembers(
  db: Kysely<Database>,
  row: OidcProviderRow,
  members: unknown,
): Promise<Set<string>> {
  const ids = Array.isArray(members)
    ? members
        .map((m) => (typeof m === 'object' && m !== null ? str((m as Attributes).value) : ''))
        .filter(Boolean)
    : [];
  if (ids.length === 0) return new Set();
  const found = await db
    .selectFrom('scim_users')
    .select('id')
    .where('provider_id', '=', row.id)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Set(found.map((f) => f.id));
}

export function toGroupResource(
  group: ScimGroupRow,
  members: string[] | undefined,
  baseUrl: string,
): Attributes {
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    externalId: group.external_id,
    displayName: group.display_name,
    ...(members ? { members: members.map((value) => ({ value, $ref: `${baseUrl}/Users/${value}` })) } : {}),
    meta: {
      resourceType: 'Group',
      created: new Date(group.created_at).toISOString(),
      lastModified: new Date(group.updated_at).toISOString(),
      location: `${baseUrl}/Groups/${group.id}`,
    },
  };
}

function requireDisplayName(name: string): void {
  if (!name) throw new ScimError(400, 'The group has no displayName; SCIM requires one.', 'invalidValue');
}

/** POST /Groups. */
export async function createScimGroup(
  db: Kysely<Database>,
  row: OidcProviderRow,
  body: Attributes,
  ip: string,
) {
  const displayName = str(body.displayName);
  requireDisplayName(displayName);
  return db.transaction().execute(async (tx) => {
    const id = randomUUID();
    const now = Date.now();
    await tx
      .insertInto('scim_groups')
      .values({
        id,
        provider_id: row.id,
        external_id: str(body.externalId),
        display_name: displayName,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const members = await knownMembers(tx, row, body.members);
    await setMembers(tx, id, new Set(), members);
    await recordAudit(tx, provisionedBy(row, ip), 'scim.group.create', displayName, {
      provider: row.name,
      id,
      members: members.size,
    });
    await applyGroupsToAccounts(tx, row, members, ip);
    return findScimGroup(tx, row, id);
  });
}

async function setMembers(db: Kysely<Database>, groupId: string, before: Set<string>, after: Set<string>) {
  const added = [...after].filter((m) => !before.has(m));
  const removed = [...before].filter((m) => !after.has(m));
  if (added.length > 0)
    await db
      .insertInto('scim_group_members')
      .values(added.map((scim_user_id) => ({ group_id: groupId, scim_user_id })))
      .execute();
  if (removed.length > 0)
    await db
      .deleteFrom('scim_group_members')
      .where('group_id', '=', groupId)
      .where('scim_user_id', 'in', removed)
      .execute();
  return { added, removed };
}

/**
 * PATCH (§3.5.2) or PUT (§3.5.1) of a group: its members are read into the resource, patched with the same
 * engine as users (so `members[value eq "…"]` and batched add/remove work), and the difference is written.
 */
export async function updateScimGroup(
  db: Kysely<Database>,
  row: OidcProviderRow,
  id: string,
  change: { operations: PatchOperation[] } | { replace: Attributes },
  ip: string,
) {
  return db.transaction().execute(async (tx) => {
    const group = await findScimGroup(tx, row, id);
    const before = new Set(await memberIdsOf(tx, id));
    let attrs: Attributes;
    if ('replace' in change) attrs = change.replace;
    else {
      attrs = {
        displayName: group.display_name,
        externalId: group.external_id,
        members: [...before].map((value) => ({ value })),
      };
      applyPatch(attrs, change.operations);
    }
    const displayName = str(attrs.displayName);
    requireDisplayName(displayName);
    const after = await knownMembers(tx, row, attrs.members);
    const renamed = displayName !== group.display_name || str(attrs.externalId) !== group.external_id;
    await tx
      .updateTable('scim_groups')
      .set({ display_name: displayName, external_id: str(attrs.externalId), updated_at: Date.now() })
      .where('id', '=', id)
      .execute();
    const { added, removed } = await setMembers(tx, id, before, after);
    await recordAudit(tx, provisionedBy(row, ip), 'scim.group.update', displayName, {
      provider: row.name,
      id,
      added: added.length,
      removed: removed.length,
    });
    await applyGroupsToAccounts(tx, row, renamed ? [...before, ...after] : [...added, ...removed], ip);
    return findScimGroup(tx, row, id);
  });
}

/** DELETE /Groups/:id: its members lose what the group gave them. */
export async function deleteScimGroup(db: Kysely<Database>, row: OidcProviderRow, id: string, ip: string) {
  await db.transaction().execute(async (tx) => {
    const group = await findScimGroup(tx, row, id);
    const members = await memberIdsOf(tx, id);
    await tx.deleteFrom('scim_groups').where('id', '=', id).execute();
    await recordAudit(tx, provisionedBy(row, ip), 'scim.group.delete', group.display_name, {
      provider: row.name,
      id,
    });
    await applyGroupsToAccounts(tx, row, members, ip);
  });
}
