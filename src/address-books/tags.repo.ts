import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { conflict, notFound } from '../errors.ts';
import { parseTags } from './peers.repo.ts';

/** A tag as the client reads it: name and Flutter ARGB colour. */
export interface Tag {
  name: string;
  color: number;
}

/** The colour a tag gets when none is given (opaque grey, 0xFF9E9E9E). */
export const DEFAULT_TAG_COLOR = 0xff9e9e9e;

export async function listTags(db: Kysely<Database>, bookId: string): Promise<Tag[]> {
  const rows = await db
    .selectFrom('address_book_tags')
    .select(['name', 'color'])
    .where('book_id', '=', bookId)
    .orderBy('position')
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ name: r.name, color: Number(r.color) }));
}

/** Adds a tag, or sets its colour if it exists: adding twice is harmless (run after lockBook). */
export async function upsertTag(db: Kysely<Database>, bookId: string, tag: Tag): Promise<void> {
  const existing = await db
    .selectFrom('address_book_tags')
    .select('name')
    .where('book_id', '=', bookId)
    .where('name', '=', tag.name)
    .executeTakeFirst();
  if (existing) return setTagColor(db, bookId, tag);
  const last = await db
    .selectFrom('address_book_tags')
    .select((eb) => eb.fn.max<number>('position').as('p'))
    .where('book_id', '=', bookId)
    .executeTakeFirst();
  await db
    .insertInto('address_book_tags')
    .values({ book_id: bookId, name: tag.name, color: tag.color, position: Number(last?.p ?? -1) + 1 })
    .execute();
}

export async function setTagColor(db: Kysely<Database>, bookId: string, tag: Tag): Promise<void> {
  const res = await db
    .updateTable('address_book_tags')
    .set({ color: tag.color })
    .where('book_id', '=', bookId)
    .where('name', '=', tag.name)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound(`The tag "${tag.name}"`);
}

/** Rewrites every peer's tag list of a book through `map` (run after lockBook). */
async function rewritePeerTags(
  db: Kysely<Database>,
  bookId: string,
  map: (tags: string[]) => string[],
): Promise<void> {
  const rows = await db
    .selectFrom('address_book_peers')
    .select(['peer_id', 'tags'])
    .where('book_id', '=', bookId)
    .where('tags', '!=', '[]')
    .execute();
  for (const row of rows) {
    const before = parseTags(row.tags);
    const after = [...new Set(map(before))];
    if (JSON.stringify(after) === JSON.stringify(before)) continue;
    await db
      .updateTable('address_book_peers')
      .set({ tags: JSON.stringify(after), updated_at: Date.now() })
      .where('book_id', '=', bookId)
      .where('peer_id', '=', row.peer_id)
      .execute();
  }
}

/** Renames a tag on the book and on every peer carrying it. */
export async function renameTag(
  db: Kysely<Database>,
  bookId: string,
  from: string,
  to: string,
): Promise<void> {
  if (from === to) return;
  const clash = await db
    .selectFrom('address_book_tags')
    .select('name')
    .where('book_id', '=', bookId)
    .where('name', '=', to)
    .executeTakeFirst();
  if (clash) throw conflict(`Tag ${to} already exists; choose another name.`);
  const res = await db
    .updateTable('address_book_tags')
    .set({ name: to })
    .where('book_id', '=', bookId)
    .where('name', '=', from)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound(`The tag "${from}"`);
  await rewritePeerTags(db, bookId, (tags) => tags.map((t) => (t === from ? to : t)));
}

/** Deletes tags from the book and from every peer carrying them; unknown names are ignored. */
export async function deleteTags(db: Kysely<Database>, bookId: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await db.deleteFrom('address_book_tags').where('book_id', '=', bookId).where('name', 'in', names).execute();
  const gone = new Set(names);
  await rewritePeerTags(db, bookId, (tags) => tags.filter((t) => !gone.has(t)));
}
