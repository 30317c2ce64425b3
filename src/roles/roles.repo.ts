import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, RoleRow } from '../db/schema.ts';
import { conflict, notFound } from '../errors.ts';
import type { Permissions, Role } from '../shared/roles.ts';
import { BUILTIN_ROLES, findBuiltinRole } from './builtin.ts';

/** A role as the rules see it: built-in or custom, with its matrix. */
export interface RoleDef {
  id: string;
  name: string;
  builtIn: boolean;
  permissions: Permissions;
}

const fromRow = (row: RoleRow): RoleDef => ({
  id: row.id,
  name: row.name,
  builtIn: false,
  permissions: JSON.parse(row.permissions) as Permissions,
});

/** The role with this id (built-in or custom), or undefined. */
export async function findRole(db: Kysely<Database>, id: string): Promise<RoleDef | undefined> {
  const builtin = findBuiltinRole(id);
  if (builtin) return { ...builtin, builtIn: true };
  const row = await db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

export async function requireRole(db: Kysely<Database>, id: string): Promise<RoleDef> {
  const role = await findRole(db, id);
  if (!role) throw notFound('The role');
  return role;
}

/** What a user's role lets them do; no role (or a role since deleted) gives nothing. */
export async function findPermissionsOf(db: Kysely<Database>, roleId: string | null): Promise<Permissions> {
  if (roleId === null) return {};
  return (await findRole(db, roleId))?.permissions ?? {};
}

/** Built-ins first, then custom roles by name, each with how many users hold it. */
export async function listRoles(db: Kysely<Database>): Promise<Role[]> {
  const rows = await db.selectFrom('roles').selectAll().orderBy('name_key').execute();
  const counts = await db
    .selectFrom('users')
    .select(['role_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('role_id', 'is not', null)
    .groupBy('role_id')
    .execute();
  const countOf = (id: string) => Number(counts.find((c) => c.role_id === id)?.n ?? 0);
  return [...BUILTIN_ROLES.map((r) => ({ ...r, builtIn: true })), ...rows.map(fromRow)].map((r) => ({
    ...r,
    userCount: countOf(r.id),
  }));
}

async function assertNameFree(db: Kysely<Database>, name: string, exceptId?: string) {
  const key = name.trim().toLowerCase();
  const clash =
    BUILTIN_ROLES.some((r) => r.name.toLowerCase() === key) ||
    (await db
      .selectFrom('roles')
      .select('id')
      .where('name_key', '=', key)
      .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId ?? ''))
      .executeTakeFirst());
  if (clash) throw conflict(`A role named "${name.trim()}" exists already; choose another name.`);
}

export async function insertRole(
  db: Kysely<Database>,
  input: { name: string; permissions: Permissions },
): Promise<RoleDef> {
  await assertNameFree(db, input.name);
  const now = Date.now();
  const row: RoleRow = {
    id: randomUUID(),
    name: input.name.trim(),
    name_key: input.name.trim().toLowerCase(),
    permissions: JSON.stringify(input.permissions),
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('roles').values(row).execute();
  return fromRow(row);
}

export async function updateRole(
  db: Kysely<Database>,
  id: string,
  patch: { name?: string | undefined; permissions?: Permissions | undefined },
): Promise<RoleDef> {
  if (patch.name !== undefined) await assertNameFree(db, patch.name, id);
  await db
    .updateTable('roles')
    .set({
      updated_at: Date.now(),
      ...(patch.name !== undefined
        ? { name: patch.name.trim(), name_key: patch.name.trim().toLowerCase() }
        : {}),
      ...(patch.permissions !== undefined ? { permissions: JSON.stringify(patch.permissions) } : {}),
    })
    .where('id', '=', id)
    .execute();
  return requireRole(db, id);
}

export async function countRoleHolders(db: Kysely<Database>, id: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role_id', '=', id)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function deleteRole(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('roles').where('id', '=', id).execute();
}

/** The role and permissions the console's session answers carry, so it can hide what the user may not do. */
export async function findSessionRole(db: Kysely<Database>, user: { role_id: string | null }) {
  const role = user.role_id === null ? undefined : await findRole(db, user.role_id);
  return {
    role: role ? { id: role.id, name: role.name } : null,
    permissions: role?.permissions ?? {},
  };
}
