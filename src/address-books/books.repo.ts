import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AddressBookRow, Database, UserRow } from '../db/schema.ts';
import { AppError, badRequest, conflict, notFound } from '../errors.ts';
import { RESERVED_BOOK_NAMES } from '../shared/address-books.ts';

/** The client's ShareRule numbers (spec §6.2): 1 read, 2 read/write, 3 full control; 0 = no access. */
export const RULE_READ = 1;
export const RULE_WRITE = 2;
export const RULE_FULL = 3;

/** Who is asking: the user, and whether an administrator's console may manage every shared book. */
export interface Reader {
  user: UserRow;
  adminOverride?: boolean;
}

/** The user's personal book ("My address book"), created on first use; two instances racing create one. */
export async function ensurePersonalBook(db: Kysely<Database>, user: UserRow): Promise<AddressBookRow> {
  const now = Date.now();
  await db
    .insertInto('address_books')
    .values({
      id: randomUUID(),
      owner_id: user.id,
      personal_of: user.id,
      name: 'My address book',
      note: '',
      revision: 0,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('personal_of').doNothing())
    .execute();
  return db
    .selectFrom('address_books')
    .selectAll()
    .where('personal_of', '=', user.id)
    .executeTakeFirstOrThrow();
}

/**
 * The reader's rule on a book: the owner has full control; a personal book is its owner's alone;
 * otherwise the strongest of the rules for the user and for the user's group. An administrator in
 * the console manages every shared book (an owner may leave), never someone's personal book.
 */
export async function ruleOf(db: Kysely<Database>, book: AddressBookRow, reader: Reader): Promise<number> {
  if (book.owner_id === reader.user.id) return RULE_FULL;
  if (book.personal_of !== null) return 0;
  if (reader.adminOverride) return RULE_FULL;
  const row = await db
    .selectFrom('address_book_rules')
    .select((eb) => eb.fn.max<number>('rule').as('rule'))
    .where('book_id', '=', book.id)
    .where((eb) => eb.or([eb('user_id', '=', reader.user.id), eb('group_id', '=', reader.user.group_id)]))
    .executeTakeFirst();
  return Number(row?.rule ?? 0);
}

const RULE_WORDS: Record<number, string> = {
  [RULE_WRITE]: 'This address book is read-only for you; ask its owner for read/write access.',
  [RULE_FULL]: 'Only users with full control of this address book can do that; ask its owner.',
};

/**
 * The book if the reader holds at least `needed` on it. No rule at all answers 404, so a book's
 * existence is not revealed to someone it is not shared with; too weak a rule answers 403.
 */
export async function requireBook(
  db: Kysely<Database>,
  reader: Reader,
  bookId: string,
  needed: number,
): Promise<{ book: AddressBookRow; rule: number }> {
  const book = await db.selectFrom('address_books').selectAll().where('id', '=', bookId).executeTakeFirst();
  const rule = book ? await ruleOf(db, book, reader) : 0;
  if (!book || rule === 0) throw notFound('The address book');
  if (rule < needed) throw new AppError('FORBIDDEN', 403, RULE_WORDS[needed] ?? RULE_WORDS[RULE_FULL] ?? '');
  return { book, rule };
}

/**
 * Takes the book's write lock inside a transaction: the revision bump is a row lock on PostgreSQL
 * (a second writer of the same book waits for the first to commit) and a write lock on SQLite.
 * Every read-modify-write of a book's peers or tags runs after it, so none is lost.
 */
export async function lockBook(trx: Kysely<Database>, bookId: string): Promise<void> {
  const res = await trx
    .updateTable('address_books')
    .set((eb) => ({ revision: eb('revision', '+', 1), updated_at: Date.now() }))
    .where('id', '=', bookId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound('The address book');
}

/** Shared books the reader may see (owned, or shared with the user or the user's group), a page of them. */
export async function listSharedBooks(
  db: Kysely<Database>,
  reader: Reader,
  page: { offset: number; limit: number },
): Promise<{ total: number; items: Array<AddressBookRow & { rule: number; owner_name: string }> }> {
  const { user } = reader;
  let query = db
    .selectFrom('address_books')
    .innerJoin('users', 'users.id', 'address_books.owner_id')
    .where('address_books.personal_of', 'is', null);
  if (!reader.adminOverride) {
    query = query.where((eb) =>
      eb.or([
        eb('address_books.owner_id', '=', user.id),
        eb(
          'address_books.id',
          'in',
          eb
            .selectFrom('address_book_rules')
            .select('book_id')
            .where((r) => r.or([r('user_id', '=', user.id), r('group_id', '=', user.group_id)])),
        ),
      ]),
    );
  }
  const count = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await query
    .selectAll('address_books')
    .select('users.username as owner_name')
    .orderBy('address_books.name')
    .orderBy('address_books.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  const items = [];
  for (const row of rows) {
    const { owner_name, ...book } = row;
    items.push({ ...book, owner_name, rule: await ruleOf(db, book, reader) });
  }
  return { total: Number(count?.n ?? 0), items };
}

export async function insertSharedBook(
  db: Kysely<Database>,
  owner: UserRow,
  fields: { name: string; note: string },
): Promise<AddressBookRow> {
  const now = Date.now();
  const row: AddressBookRow = {
    id: randomUUID(),
    owner_id: owner.id,
    personal_of: null,
    name: fields.name.trim(),
    note: fields.note,
    revision: 0,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('address_books').values(row).execute();
  return row;
}

/**
 * Shared book names are unique and never the client's reserved ones: the client keys its books by
 * name (§6.2) and would silently merge two books of one name.
 */
export async function assertBookNameFree(
  db: Kysely<Database>,
  name: string,
  exceptId?: string,
): Promise<void> {
  const key = name.trim().toLowerCase();
  if (RESERVED_BOOK_NAMES.some((n) => n.toLowerCase() === key))
    throw conflict(`"${name.trim()}" is reserved by the RustDesk client; choose another name.`);
  const rows = await db
    .selectFrom('address_books')
    .select(['id', 'name'])
    .where('personal_of', 'is', null)
    .execute();
  if (rows.some((r) => r.id !== exceptId && r.name.trim().toLowerCase() === key))
    throw conflict(`An address book named "${name.trim()}" already exists; choose another name.`);
}

export async function updateSharedBook(
  db: Kysely<Database>,
  book: AddressBookRow,
  patch: { name?: string | undefined; note?: string | undefined },
): Promise<void> {
  if (book.personal_of !== null) throw badRequest('The personal address book cannot be renamed.');
  if (patch.name !== undefined) await assertBookNameFree(db, patch.name, book.id);
  await db
    .updateTable('address_books')
    .set({
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.note !== undefined ? { note: patch.note } : {}),
      updated_at: Date.now(),
    })
    .where('id', '=', book.id)
    .execute();
}

export async function deleteSharedBook(db: Kysely<Database>, book: AddressBookRow): Promise<void> {
  if (book.personal_of !== null) throw badRequest('The personal address book cannot be deleted.');
  await db.deleteFrom('address_books').where('id', '=', book.id).execute();
}
