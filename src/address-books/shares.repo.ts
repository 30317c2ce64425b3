import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AddressBookRow, Database } from '../db/schema.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import type { BookShare, BookShareCreate, ShareRuleLevel } from '../shared/address-books.ts';

/** The rules of a shared book, each with the name of the user or group it grants. */
export async function listShares(db: Kysely<Database>, bookId: string): Promise<BookShare[]> {
  const rows = await db
    .selectFrom('address_book_rules')
    .leftJoin('users', 'users.id', 'address_book_rules.user_id')
    .leftJoin('groups', 'groups.id', 'address_book_rules.group_id')
    .select([
      'address_book_rules.id',
      'address_book_rules.user_id',
      'address_book_rules.group_id',
      'address_book_rules.rule',
      'users.username',
      'groups.name as group_name',
    ])
    .where('address_book_rules.book_id', '=', bookId)
    .orderBy('address_book_rules.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.user_id ? ('user' as const) : ('group' as const),
    targetId: r.user_id ?? r.group_id ?? '',
    targetName: (r.user_id ? r.username : r.group_name) ?? '',
    rule: r.rule as ShareRuleLevel,
  }));
}

/** Shares a book with a user or group; sharing again with the same one changes its level. */
export async function upsertShare(
  db: Kysely<Database>,
  book: AddressBookRow,
  share: BookShareCreate,
): Promise<void> {
  if (book.personal_of !== null)
    throw badRequest('A personal address book cannot be shared; create a shared one.');
  const userId = 'userId' in share ? share.userId : null;
  const groupId = 'groupId' in share ? share.groupId : null;
  if (userId) {
    if (userId === book.owner_id) throw conflict('The owner already has full control of this address book.');
    if (!(await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()))
      throw notFound('The user');
  }
  if (groupId && !(await db.selectFrom('groups').select('id').where('id', '=', groupId).executeTakeFirst()))
    throw notFound('The group');
  const existing = await db
    .selectFrom('address_book_rules')
    .select('id')
    .where('book_id', '=', book.id)
    .where(userId ? 'user_id' : 'group_id', '=', (userId ?? groupId) as string)
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable('address_book_rules')
      .set({ rule: share.rule })
      .where('id', '=', existing.id)
      .execute();
    return;
  }
  await db
    .insertInto('address_book_rules')
    .values({
      id: randomUUID(),
      book_id: book.id,
      user_id: userId,
      group_id: groupId,
      rule: share.rule,
      created_at: Date.now(),
    })
    .execute();
}

export async function updateShare(db: Kysely<Database>, bookId: string, shareId: string, rule: number) {
  const res = await db
    .updateTable('address_book_rules')
    .set({ rule })
    .where('book_id', '=', bookId)
    .where('id', '=', shareId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound('The share');
}

export async function deleteShare(db: Kysely<Database>, bookId: string, shareId: string) {
  const res = await db
    .deleteFrom('address_book_rules')
    .where('book_id', '=', bookId)
    .where('id', '=', shareId)
    .executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('The share');
}
