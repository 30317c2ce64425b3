import type { Kysely } from 'kysely';
import { updateUser } from '../accounts/index.ts';
import { removesLastAdmin } from '../accounts/users.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Database, OidcProviderRow } from '../db/schema.ts';
import type { Provider } from '../shared/sso.ts';
import { toApiProvider } from '../sso/providers.repo.ts';
import { evaluateClaims } from '../sso/rules.ts';
import { provisionedBy } from './actor.ts';

/**
 * What a person's IdP groups make of their DeskGate account, decided exactly as at sign-in (sso/rules.ts):
 * the provider's group mapping picks the user group; its admin groups and group → role mapping grant or
 * revoke the role (only when either is configured).
 */
function decideFromGroups(
  provider: Provider,
  groups: string[],
): { roleId?: string | null; groupId?: string } {
  const verdict = evaluateClaims(provider, { groups });
  return {
    ...(verdict.decidesRole ? { roleId: verdict.roleId } : {}),
    ...(verdict.groupId ? { groupId: verdict.groupId } : {}),
  };
}

/**
 * The names a SCIM group answers to in the provider's mappings: its externalId (Entra: the group's
 * objectId, which is also what the ID token's `groups` claim lists) and its displayName.
 */
async function groupNamesOf(db: Kysely<Database>, scimUserId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('scim_group_members')
    .innerJoin('scim_groups', 'scim_groups.id', 'scim_group_members.group_id')
    .select(['scim_groups.external_id', 'scim_groups.display_name'])
    .where('scim_group_members.scim_user_id', '=', scimUserId)
    .orderBy('scim_groups.created_at')
    .execute();
  return rows.flatMap((r) => [r.external_id, r.display_name].filter(Boolean));
}

/** Re-applies group-driven settings to the accounts behind these SCIM users; audits what changed. */
export async function applyGroupsToAccounts(
  db: Kysely<Database>,
  row: OidcProviderRow,
  scimUserIds: Iterable<string>,
  ip: string,
): Promise<void> {
  const provider = toApiProvider(row);
  if (
    provider.adminGroups.length === 0 &&
    provider.roleMapping.length === 0 &&
    provider.groupMapping.length === 0
  )
    return;
  for (const scimUserId of new Set(scimUserIds)) {
    const scimUser = await db
      .selectFrom('scim_users')
      .innerJoin('users', 'users.id', 'scim_users.user_id')
      .select([
        'users.id',
        'users.role_id',
        'users.group_id',
        'users.username',
        'users.is_admin',
        'users.status',
      ])
      .where('scim_users.id', '=', scimUserId)
      .executeTakeFirst();
    if (!scimUser) continue;
    const patch = decideFromGroups(provider, await groupNamesOf(db, scimUserId));
    if (patch.roleId !== undefined && (await removesLastAdmin(db, scimUser, { roleId: patch.roleId }))) {
      // Refusing the group change would fail it for every member; the last Administrator keeps the role.
      delete patch.roleId;
      await recordAudit(db, provisionedBy(row, ip), 'user.last-admin.kept', scimUser.username, {
        via: 'scim',
        provider: row.name,
        reason: 'The directory removed the Administrator role of the last enabled Administrator; kept.',
      });
    }
    const roleChanged = patch.roleId !== undefined && patch.roleId !== scimUser.role_id;
    const groupChanged = patch.groupId !== undefined && patch.groupId !== scimUser.group_id;
    if (!roleChanged && !groupChanged) continue;
    const updated = await updateUser(db, scimUser.id, patch);
    await recordAudit(db, provisionedBy(row, ip), 'user.update', updated.username, {
      via: 'scim',
      provider: row.name,
      isAdmin: updated.is_admin === 1,
      roleId: updated.role_id,
      groupId: updated.group_id,
    });
  }
}
