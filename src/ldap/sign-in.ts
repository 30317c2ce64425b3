import type { Kysely } from 'kysely';
import {
  findUserById,
  findUserByUsername,
  insertUser,
  touchLastLogin,
  updateUser,
} from '../accounts/users.repo.ts';
import { removesLastAdmin } from '../accounts/users.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Database, UserRow } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { authenticateDirectoryUser, type DirectoryEntry } from './directory.ts';
import { type DirectoryConfig, loadDirectoryConfig } from './settings.repo.ts';

const sameDn = (a: string, b: string) =>
  a.replace(/\s*,\s*/g, ',').toLowerCase() === b.replace(/\s*,\s*/g, ',').toLowerCase();

/**
 * The one place a directory account's groups decide its DeskGate access: the first mapped group it is
 * in, and administrator while in an admin group. `isAdmin` is undefined when no admin groups are set,
 * so an administrator made by hand stays one.
 */
export function decideDirectoryAccess(
  config: Pick<DirectoryConfig, 'groupMappings' | 'adminGroups'>,
  groups: string[],
): { isAdmin: boolean | undefined; groupId: string | null } {
  const member = (dn: string) => groups.some((g) => sameDn(g, dn));
  return {
    isAdmin: config.adminGroups.length > 0 ? config.adminGroups.some(member) : undefined,
    groupId: config.groupMappings.find((m) => member(m.groupDn))?.groupId ?? null,
  };
}

/** Refuses an entry Active Directory marks disabled; the password was right, so saying so is no enumeration. */
function assertDirectoryEntryEnabled(entry: DirectoryEntry): void {
  if (entry.disabled) {
    throw new AppError(
      'USER_DISABLED',
      403,
      'This directory account is disabled (Active Directory userAccountControl). Ask your directory administrator.',
    );
  }
}

/**
 * Signs a person in with their directory password: undefined when directory sign-in is off or the
 * name/password is wrong. The first sign-in creates the account and links it; later ones follow the
 * directory's groups, email and display name. A DeskGate account of the same name that the directory
 * did not create is never taken over.
 */
export async function signInWithDirectory(
  db: Kysely<Database>,
  key: Buffer,
  { username, password, ip }: { username: string; password: string; ip: string },
): Promise<Awaited<ReturnType<typeof findUserById>>> {
  const config = await loadDirectoryConfig(db, key);
  if (!config) return undefined;
  const entry = await authenticateDirectoryUser(config, username, password);
  if (!entry) return undefined;
  assertDirectoryEntryEnabled(entry);
  const name = entry.username || username.trim();
  const access = decideDirectoryAccess(config, entry.groups);
  const link = await db
    .selectFrom('ldap_accounts')
    .selectAll()
    .where('directory_key', '=', name.toLowerCase())
    .executeTakeFirst();
  const actor = (user: UserRow) => ({ id: user.id, name: user.username, ip });
  if (!link) {
    if (await findUserByUsername(db, name)) {
      throw new AppError(
        'LDAP_NOT_LINKED',
        403,
        `A DeskGate account named "${name}" already exists and was not created by the directory, so your directory password cannot sign into it. Ask an administrator.`,
      );
    }
    const user = await insertUser(db, {
      username: name,
      displayName: entry.displayName,
      email: entry.email,
      isAdmin: access.isAdmin === true,
      ...(access.groupId ? { groupId: access.groupId } : {}),
    });
    await db
      .insertInto('ldap_accounts')
      .values({ user_id: user.id, directory_key: name.toLowerCase(), dn: entry.dn, created_at: Date.now() })
      .execute();
    await recordAudit(db, actor(user), 'user.create', user.username, {
      via: 'ldap',
      isAdmin: user.is_admin === 1,
    });
    await touchLastLogin(db, user.id);
    return user;
  }
  const before = await findUserById(db, link.user_id);
  if (!before) return undefined;
  await db.updateTable('ldap_accounts').set({ dn: entry.dn }).where('user_id', '=', before.id).execute();
  // The directory may not demote the last enabled Administrator (issue 13 §3): the role stays, with a warning.
  const keepsLastAdmin =
    access.isAdmin === false && (await removesLastAdmin(db, before, { isAdmin: access.isAdmin }));
  if (keepsLastAdmin)
    await recordAudit(db, actor(before), 'user.last-admin.kept', before.username, {
      via: 'ldap',
      reason:
        'The directory groups no longer make the last enabled Administrator an admin; the role was kept.',
    });
  const user = await updateUser(db, before.id, {
    ...(access.isAdmin !== undefined && !keepsLastAdmin ? { isAdmin: access.isAdmin } : {}),
    ...(access.groupId ? { groupId: access.groupId } : {}),
    ...(entry.email ? { email: entry.email } : {}),
    ...(entry.displayName ? { displayName: entry.displayName } : {}),
  });
  if (user.is_admin !== before.is_admin || user.group_id !== before.group_id) {
    await recordAudit(db, actor(user), 'user.update', user.username, {
      via: 'ldap',
      isAdmin: user.is_admin === 1,
      groupId: user.group_id,
    });
  }
  await touchLastLogin(db, user.id);
  return user;
}
