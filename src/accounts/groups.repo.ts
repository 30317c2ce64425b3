import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, GroupRow } from '../db/schema.ts';
import { conflict, notFound } from '../errors.ts';
import type { Group } from '../shared/accounts.ts';

export const DEFAULT_GROUP_NAME = 'Default';

/** The one place a group row becomes an API object. */
export function toApiGroup(row: GroupRow, memberCount: number): Group {
  return {
    id: row.id,
    name: row.name,
    note: row.note,
    isDefault: row.is_default === 1,
    memberCount,
    createdAt: row.created_at,
  };
}

/** Creates the built-in group new users join, once. */
export async function ensureDefaultGroup(db: Kysely<Database>): Promise<GroupRow> {
  const existing = await db.selectFrom('groups').selectAll().where('is_default', '=', 1).executeTakeFirst();
  if (existing) return existing;
  await db
    .insertInto('groups')
    .values({
      id: randomUUID(),
      name: DEFAULT_GROUP_NAME,
      name_key: DEFAULT_GROUP_NAME.toLowerCase(),
      note: '',
      is_default: 1,
      created_at: Date.now(),
    })
    // Two instances starting at once: the loser's insert is a no-op.
    .onConflict((oc) => oc.column('name_key').doNothing())
    .execute();
  return db
    .selectFrom('groups')
    .selectAll()
    .where('name_key', '=', DEFAULT_GROUP_NAME.toLowerCase())
    .executeTakeFirstOrThrow();
}

export async function findDefaultGroup(db: Kysely<Database>): Promise<GroupRow> {
  return (
    (await db.selectFrom('groups').selectAll().where('is_default', '=', 1).executeTakeFirst()) ??
    ensureDefaultGroup(db)
  );
}

export async function findGroupById(db: Kysely<Database>, id: string): Promise<GroupRow | undefined> {
  return db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findGroupByName(db: Kysely<Database>, name: string): Promise<GroupRow | undefined> {
  return db
    .selectFrom('groups')
    .selectAll()
    .where('name_key', '=', name.trim().toLowerCase())
    .executeTakeFirst();
}

export async function listGroups(db: Kysely<Database>): Promise<Group[]> {
  const rows = await db
    .selectFrom('groups')
    .leftJoin('users', 'users.group_id', 'groups.id')
    .selectAll('groups')
    .select((eb) => eb.fn.count<number>('users.id').as('member_count'))
    .groupBy([
      'groups.id',
      'groups.name',
      'groups.name_key',
      'groups.note',
      'groups.is_default',
      'groups.created_at',
    ])
    .orderBy('groups.is_default', 'desc')
    .orderBy('groups.name_key')
    .execute();
  return rows.map(({ member_count, ...row }) => toApiGroup(row, Number(member_count)));
}

/** One group with its member count, as the API shows it. */
export async function findApiGroup(db: Kysely<Database>, id: string): Promise<Group> {
  const group = (await listGroups(db)).find((g) => g.id === id);
  if (!group) throw notFound('The group');
  return group;
}

export async function insertGroup(db: Kysely<Database>, name: string, note: string): Promise<GroupRow> {
  const clean = name.trim();
  if (await findGroupByName(db, clean))
    throw conflict(`A group named "${clean}" already exists; choose another name.`);
  const row: GroupRow = {
    id: randomUUID(),
    name: clean,
    name_key: clean.toLowerCase(),
    note,
    is_default: 0,
    created_at: Date.now(),
  };
  await db.insertInto('groups').values(row).execute();
  return row;
}

export async function updateGroup(
  db: Kysely<Database>,
  id: string,
  patch: { name?: string | undefined; note?: string | undefined },
): Promise<GroupRow> {
  const row = await findGroupById(db, id);
  if (!row) throw notFound('The group');
  const name = patch.name?.trim();
  if (name !== undefined && name.toLowerCase() !== row.name_key) {
    if (await findGroupByName(db, name))
      throw conflict(`A group named "${name}" already exists; choose another name.`);
  }
  const next = {
    ...(name !== undefined ? { name, name_key: name.toLowerCase() } : {}),
    ...(patch.note !== undefined ? { note: patch.note } : {}),
  };
  if (Object.keys(next).length > 0) await db.updateTable('groups').set(next).where('id', '=', id).execute();
  return { ...row, ...next };
}

/** Members of a deleted group move to Default, so nobody is left without a group. */
export async function deleteGroup(db: Kysely<Database>, id: string): Promise<GroupRow> {
  const row = await findGroupById(db, id);
  if (!row) throw notFound('The group');
  if (row.is_default === 1) throw conflict('The Default group cannot be deleted; new users join it.');
  const fallback = await findDefaultGroup(db);
  await db.updateTable('users').set({ group_id: fallback.id }).where('group_id', '=', id).execute();
  await db.deleteFrom('groups').where('id', '=', id).execute();
  return row;
}
