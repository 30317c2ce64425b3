import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { requestedRoleId } from '../roles/roles.ts';
import type { UserUpdate } from '../shared/accounts.ts';
import { ADMINISTRATOR_ROLE } from '../shared/roles.ts';
import { deleteUserClientTokens, deleteUserSessions } from './sessions.ts';
import { countActiveAdmins, deleteUser, requireUser, updateUser } from './users.repo.ts';

const lastAdmin = () =>
  new AppError(
    'CONFLICT',
    409,
    'This is the last enabled Administrator. Give another user the Administrator role first.',
  );

/**
 * Whether this change would take the role from, or disable, the last enabled Administrator — and so lock
 * everyone out. The console, SCIM and LDAP sign-in all keep this rule (issue 13 §3).
 */
export async function removesLastAdmin(
  db: Kysely<Database>,
  current: Pick<UserRow, 'is_admin' | 'status' | 'role_id'>,
  patch: { roleId?: string | null | undefined; isAdmin?: boolean | undefined; enabled?: boolean | undefined },
): Promise<boolean> {
  const nextRole = requestedRoleId(patch, current.role_id);
  const losesAdmin =
    current.is_admin === 1 &&
    current.status === 1 &&
    ((nextRole !== undefined && nextRole !== ADMINISTRATOR_ROLE) || patch.enabled === false);
  return losesAdmin && (await countActiveAdmins(db)) <= 1;
}

/** Applies an admin's edit, keeping one enabled admin and ending every sign-in of a disabled user. */
export async function editUser(db: Kysely<Database>, actorId: string, id: string, patch: UserUpdate) {
  const current = await requireUser(db, id);
  if (await removesLastAdmin(db, current, patch)) throw lastAdmin();
  if (id === actorId && patch.enabled === false) {
    throw new AppError('CONFLICT', 409, 'You cannot disable your own account while signed in with it.');
  }
  const updated = await updateUser(db, id, patch);
  if (patch.enabled === false) {
    // A disabled user is signed out everywhere: console sessions and RustDesk client tokens.
    await deleteUserSessions(db, id);
    await deleteUserClientTokens(db, id);
  }
  return updated;
}

/** Deletes a user; never the last enabled admin, never oneself. */
export async function removeUser(db: Kysely<Database>, actorId: string, id: string) {
  const current = await requireUser(db, id);
  if (id === actorId)
    throw new AppError('CONFLICT', 409, 'You cannot delete your own account while signed in with it.');
  if (current.is_admin === 1 && current.status === 1 && (await countActiveAdmins(db)) <= 1) throw lastAdmin();
  await deleteUserSessions(db, id);
  await deleteUser(db, id);
  return current;
}
