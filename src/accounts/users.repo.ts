import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { compiledQuery } from '../db/compiled-query.ts';
import type { Database, UserRow, UserRowUpdate } from '../db/schema.ts';
import { containsIgnoreCase } from '../db/search.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { requestedRoleId } from '../roles/roles.ts';
import type { User } from '../shared/accounts.ts';
import type { PageOf } from '../shared/common.ts';
import { ADMINISTRATOR_ROLE } from '../shared/roles.ts';
import type { UserListQuery, UserSortKey } from '../shared/user-list.ts';
import { findDefaultGroup, findGroupById } from './groups.repo.ts';

type UserWithGroup = UserRow & { group_name: string };

/** The one place a user row becomes an API object; the password hash never leaves this module. */
export function toApiUser(row: UserWithGroup): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    note: row.note,
    enabled: row.status === 1,
    isAdmin: row.is_admin === 1,
    roleId: row.role_id,
    groupId: row.group_id,
    groupName: row.group_name,
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

const usersWithGroup = (db: Kysely<Database>) =>
  db
    .selectFrom('users')
    .innerJoin('groups', 'groups.id', 'users.group_id')
    .selectAll('users')
    .select('groups.name as group_name');

// Read three times per device login (sign-in, Approve, the poll that takes the token): compiled once.
const selectUserById = compiledQuery((db, id: string) => usersWithGroup(db).where('users.id', '=', id));

export async function findUserById(db: Kysely<Database>, id: string): Promise<UserWithGroup | undefined> {
  return (await selectUserById(db, id)).rows[0];
}

export async function findUserByUsername(
  db: Kysely<Database>,
  username: string,
): Promise<UserWithGroup | undefined> {
  return usersWithGroup(db)
    .where('users.username_key', '=', username.trim().toLowerCase())
    .executeTakeFirst();
}

export async function requireUser(db: Kysely<Database>, id: string): Promise<UserWithGroup> {
  const row = await findUserById(db, id);
  if (!row) throw notFound('The user');
  return row;
}

/** Case-insensitive search over username, display name and email, filters, a sort (newest first by default). */
export async function listUsers(
  db: Kysely<Database>,
  { page = 1, pageSize = 20, search, groupId, status, admin, method, sort, dir }: UserListQuery,
): Promise<PageOf<User>> {
  let base = db.selectFrom('users');
  if (groupId) base = base.where('users.group_id', '=', groupId);
  if (status) base = base.where('users.status', '=', status === 'enabled' ? 1 : 0);
  if (admin !== undefined) base = base.where('users.is_admin', '=', admin ? 1 : 0);
  if (method === 'password') base = base.where('users.password_hash', 'is not', null);
  if (method === 'sso')
    base = base.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('identities').select('identities.id').whereRef('identities.user_id', '=', 'users.id'),
      ),
    );
  const term = search?.trim();
  if (term) {
    base = base.where((eb) =>
      eb.or([
        containsIgnoreCase(eb.ref('users.username'), term),
        containsIgnoreCase(eb.ref('users.display_name'), term),
        containsIgnoreCase(eb.ref('users.email'), term),
      ]),
    );
  }
  const [{ total } = { total: 0 }] = await base
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .execute();
  const order = dir ?? (sort ? 'asc' : 'desc');
  const rows = await base
    .innerJoin('groups', 'groups.id', 'users.group_id')
    .selectAll('users')
    .select('groups.name as group_name')
    .orderBy(sortExpression(sort ?? 'createdAt'), order)
    .orderBy('users.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items: rows.map(toApiUser), total: Number(total), page, pageSize };
}

// Case-insensitive text sorts, and "never signed in" sorted as the oldest on every dialect
// (SQLite puts NULLs first, PostgreSQL last).
function sortExpression(key: UserSortKey) {
  switch (key) {
    case 'username':
      return sql`users.username_key`;
    case 'displayName':
      return sql`lower(users.display_name)`;
    case 'email':
      return sql`lower(users.email)`;
    case 'group':
      return sql`groups.name_key`;
    case 'status':
      return sql`users.status`;
    case 'lastLogin':
      return sql`coalesce(users.last_login_at, 0)`;
    case 'createdAt':
      return sql`users.created_at`;
  }
}

export interface NewUser {
  username: string;
  displayName?: string | undefined;
  email?: string | undefined;
  note?: string | undefined;
  passwordHash?: string | null | undefined;
  isAdmin?: boolean | undefined;
  roleId?: string | null | undefined;
  enabled?: boolean | undefined;
  groupId?: string | undefined;
}

/** `is_admin` is derived from the role in this one place: it means "holds the Administrator role". */
const roleColumns = (roleId: string | null) => ({
  role_id: roleId,
  is_admin: roleId === ADMINISTRATOR_ROLE ? 1 : 0,
});

export async function insertUser(db: Kysely<Database>, input: NewUser): Promise<UserWithGroup> {
  const username = input.username.trim();
  if (await findUserByUsername(db, username)) {
    throw conflict(`The username "${username}" is taken; choose another one.`);
  }
  const groupId = input.groupId ?? (await findDefaultGroup(db)).id;
  if (!(await findGroupById(db, groupId)))
    throw badRequest('The chosen group does not exist; pick one from the list.');
  const id = randomUUID();
  await db
    .insertInto('users')
    .values({
      id,
      username,
      username_key: username.toLowerCase(),
      display_name: input.displayName?.trim() ?? '',
      email: input.email?.trim() ?? '',
      note: input.note ?? '',
      status: input.enabled === false ? 0 : 1,
      ...roleColumns(requestedRoleId(input, null) ?? null),
      group_id: groupId,
      password_hash: input.passwordHash ?? null,
      created_at: Date.now(),
      last_login_at: null,
    })
    .execute();
  return requireUser(db, id);
}

export interface UserPatch {
  username?: string | undefined;
  displayName?: string | undefined;
  email?: string | undefined;
  note?: string | undefined;
  isAdmin?: boolean | undefined;
  roleId?: string | null | undefined;
  enabled?: boolean | undefined;
  groupId?: string | undefined;
}

export async function updateUser(db: Kysely<Database>, id: string, patch: UserPatch): Promise<UserWithGroup> {
  const current = await requireUser(db, id);
  const set: UserRowUpdate = {};
  if (patch.username !== undefined && patch.username.trim().toLowerCase() !== current.username_key) {
    if (await findUserByUsername(db, patch.username)) {
      throw conflict(`The username "${patch.username.trim()}" is taken; choose another one.`);
    }
  }
  if (patch.username !== undefined) {
    set.username = patch.username.trim();
    set.username_key = set.username.toLowerCase();
  }
  if (patch.displayName !== undefined) set.display_name = patch.displayName.trim();
  if (patch.email !== undefined) set.email = patch.email.trim();
  if (patch.note !== undefined) set.note = patch.note;
  const roleId = requestedRoleId(patch, current.role_id);
  if (roleId !== undefined) Object.assign(set, roleColumns(roleId));
  if (patch.enabled !== undefined) set.status = patch.enabled ? 1 : 0;
  if (patch.groupId !== undefined) {
    if (!(await findGroupById(db, patch.groupId)))
      throw badRequest('The chosen group does not exist; pick one from the list.');
    set.group_id = patch.groupId;
  }
  if (Object.keys(set).length > 0) await db.updateTable('users').set(set).where('id', '=', id).execute();
  return requireUser(db, id);
}

export async function setPasswordHash(db: Kysely<Database>, id: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}

const updateLastLogin = compiledQuery((db, id: string, at: number) =>
  db.updateTable('users').set({ last_login_at: at }).where('id', '=', id),
);

export async function touchLastLogin(db: Kysely<Database>, id: string): Promise<void> {
  await updateLastLogin(db, id, Date.now());
}

export async function deleteUser(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

/** Enabled administrators left; the last one may not be disabled, demoted or deleted. */
export async function countActiveAdmins(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('is_admin', '=', 1)
    .where('status', '=', 1)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
