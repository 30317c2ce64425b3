import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError, badRequest } from '../errors.ts';
import { covers, type Permissions } from '../shared/roles.ts';
import { findBuiltinRole } from './builtin.ts';
import { findPermissionsOf, findRole, requireRole } from './roles.repo.ts';

const aboveYours = (what: string) =>
  new AppError(
    'FORBIDDEN',
    403,
    `${what} can do more than your own role allows, so you cannot do that. Ask an administrator.`,
    {},
    'ROLE_ABOVE_YOURS',
  );

/**
 * Nobody hands out more than they hold: a role can be assigned, created or edited only by someone whose
 * own permissions cover it. This is what stops a delegated user manager from making themselves (or a
 * friend) an Administrator.
 */
export function assertMayGrant(actor: Permissions, granted: Permissions, what = 'That role'): void {
  if (!covers(actor, granted)) throw aboveYours(what);
}

/** A user whose role can do more than the actor's is out of the actor's reach (edit, delete, password). */
export async function assertMayManageUser(
  db: Kysely<Database>,
  actor: Permissions,
  target: { role_id: string | null },
): Promise<void> {
  assertMayGrant(actor, await findPermissionsOf(db, target.role_id), "This user's role");
}

/**
 * The role a user create/update asks for: `roleId` wins; the older `isAdmin` flag (API clients, SCIM,
 * SSO admin groups) means Administrator or no role. Undefined: the request does not touch the role.
 */
export function requestedRoleId(
  input: { roleId?: string | null | undefined; isAdmin?: boolean | undefined },
  currentRoleId: string | null,
): string | null | undefined {
  if (input.roleId !== undefined) return input.roleId;
  if (input.isAdmin === true) return 'administrator';
  if (input.isAdmin === false) return currentRoleId === 'administrator' ? null : currentRoleId;
  return undefined;
}

/** Checks a role the actor wants to give someone: it exists and the actor holds all of it. */
export async function assertAssignable(
  db: Kysely<Database>,
  actor: Permissions,
  roleId: string | null,
): Promise<void> {
  if (roleId === null) return;
  const role = await requireRole(db, roleId);
  assertMayGrant(actor, role.permissions, `The role "${role.name}"`);
}

/**
 * A sign-in provider grants the roles of its admin groups and group → role rows to whoever its IdP
 * says is in them, so editing one is as strong as giving those roles: the editor must cover every role
 * the provider grants (before and after the edit, since the issuer itself can be changed).
 */
export async function assertProviderInReach(
  db: Kysely<Database>,
  actor: Permissions,
  provider: { adminGroups?: string[] | undefined; roleMapping?: { roleId: string }[] | undefined },
): Promise<void> {
  if ((provider.adminGroups?.length ?? 0) > 0) {
    assertMayGrant(actor, findBuiltinRole('administrator')?.permissions ?? {}, 'The Administrator role');
  }
  for (const { roleId } of provider.roleMapping ?? []) {
    const role = await findRole(db, roleId);
    if (!role)
      throw badRequest('A group → role row names a role that does not exist; pick one from the list.');
    assertMayGrant(actor, role.permissions, `The role "${role.name}"`);
  }
}
