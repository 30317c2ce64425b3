import type { Kysely } from 'kysely';
import type { AddressBookPeerRow, Database } from '../db/schema.ts';
import { containsIgnoreCase } from '../db/search.ts';
import { notFound } from '../errors.ts';
import { openSecret, sealSecret } from '../security/secret-box.ts';

/** What can be set on a peer; an absent field is left as it is (per-field last-writer-wins). */
export interface PeerFields {
  alias?: string | undefined;
  note?: string | undefined;
  tags?: string[] | undefined;
  username?: string | undefined;
  hostname?: string | undefined;
  platform?: string | undefined;
  forceAlwaysRelay?: boolean | undefined;
  rdpPort?: string | undefined;
  rdpUsername?: string | undefined;
  loginName?: string | undefined;
  deviceGroupName?: string | undefined;
  sameServer?: boolean | null | undefined;
  /** Personal book: base64 SHA-256 of password+salt the client auto-logs in with. */
  hash?: string | undefined;
  /** Shared book: the plaintext password shared with the book's readers. */
  password?: string | undefined;
}

/** A peer with its secrets opened, for the client (which needs them) and nothing else. */
export interface OpenedPeer extends AddressBookPeerRow {
  tagList: string[];
  hash: string;
  password: string;
}

// The client stores these as given; they are credentials, so they are sealed at rest and bound to
// their row, and the console only ever learns whether one is set.
const secretContext = (bookId: string, peerId: string, kind: 'hash' | 'password') =>
  `address-book-peer:${bookId}:${peerId}:${kind}`;

function columnsOf(key: Buffer, bookId: string, peerId: string, f: PeerFields) {
  const seal = (value: string, kind: 'hash' | 'password') =>
    value === '' ? null : sealSecret(key, value, secretContext(bookId, peerId, kind));
  const cols: Partial<AddressBookPeerRow> = {};
  if (f.alias !== undefined) cols.alias = f.alias;
  if (f.note !== undefined) cols.note = f.note;
  if (f.tags !== undefined) cols.tags = JSON.stringify([...new Set(f.tags)]);
  if (f.username !== undefined) cols.username = f.username;
  if (f.hostname !== undefined) cols.hostname = f.hostname;
  if (f.platform !== undefined) cols.platform = f.platform;
  if (f.forceAlwaysRelay !== undefined) cols.force_always_relay = f.forceAlwaysRelay ? 1 : 0;
  if (f.rdpPort !== undefined) cols.rdp_port = f.rdpPort;
  if (f.rdpUsername !== undefined) cols.rdp_username = f.rdpUsername;
  if (f.loginName !== undefined) cols.login_name = f.loginName;
  if (f.deviceGroupName !== undefined) cols.device_group_name = f.deviceGroupName;
  if (f.sameServer !== undefined) cols.same_server = f.sameServer === null ? null : f.sameServer ? 1 : 0;
  if (f.hash !== undefined) cols.hash_sealed = seal(f.hash, 'hash');
  if (f.password !== undefined) cols.password_sealed = seal(f.password, 'password');
  return cols;
}

export async function findPeer(
  db: Kysely<Database>,
  bookId: string,
  peerId: string,
): Promise<AddressBookPeerRow | undefined> {
  return db
    .selectFrom('address_book_peers')
    .selectAll()
    .where('book_id', '=', bookId)
    .where('peer_id', '=', peerId)
    .executeTakeFirst();
}

const EMPTY_PEER: Omit<AddressBookPeerRow, 'book_id' | 'peer_id' | 'created_at' | 'updated_at'> = {
  alias: '',
  note: '',
  tags: '[]',
  username: '',
  hostname: '',
  platform: '',
  force_always_relay: 0,
  rdp_port: '',
  rdp_username: '',
  login_name: '',
  device_group_name: '',
  same_server: null,
  hash_sealed: null,
  password_sealed: null,
};

/** Adds the peer, or sets the given fields on it if present (run after lockBook). */
export async function upsertPeer(
  db: Kysely<Database>,
  key: Buffer,
  bookId: string,
  peerId: string,
  fields: PeerFields,
): Promise<'added' | 'updated'> {
  const cols = columnsOf(key, bookId, peerId, fields);
  const now = Date.now();
  if (await findPeer(db, bookId, peerId)) {
    await db
      .updateTable('address_book_peers')
      .set({ ...cols, updated_at: now })
      .where('book_id', '=', bookId)
      .where('peer_id', '=', peerId)
      .execute();
    return 'updated';
  }
  await db
    .insertInto('address_book_peers')
    .values({ ...EMPTY_PEER, ...cols, book_id: bookId, peer_id: peerId, created_at: now, updated_at: now })
    .execute();
  return 'added';
}

/**
 * Adds or updates many peers with one multi-row `INSERT … ON CONFLICT DO UPDATE` (run after lockBook). Only the
 * fields given are set on existing peers, as in {@link upsertPeer}; all rows must give the same fields, because
 * one statement updates one list of columns (the caller groups them).
 */
export async function upsertPeers(
  db: Kysely<Database>,
  key: Buffer,
  bookId: string,
  peers: Array<{ peerId: string; fields: PeerFields }>,
): Promise<void> {
  if (peers.length === 0) return;
  const now = Date.now();
  const rows = peers.map((p) => ({
    ...EMPTY_PEER,
    ...columnsOf(key, bookId, p.peerId, p.fields),
    book_id: bookId,
    peer_id: p.peerId,
    created_at: now,
    updated_at: now,
  }));
  const given = Object.keys(columnsOf(key, bookId, '', peers[0]?.fields ?? {})) as Array<
    keyof typeof EMPTY_PEER
  >;
  await db
    .insertInto('address_book_peers')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['book_id', 'peer_id']).doUpdateSet((eb) => ({
        ...Object.fromEntries(given.map((c) => [c, eb.ref(`excluded.${c}`)])),
        updated_at: now,
      })),
    )
    .execute();
}

/** The ids of every peer in a book (no secrets opened). */
export async function listPeerIds(db: Kysely<Database>, bookId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('address_book_peers')
    .select('peer_id')
    .where('book_id', '=', bookId)
    .execute();
  return rows.map((r) => r.peer_id);
}

/** Sets only the given fields of an existing peer; concurrent edits of other fields survive. */
export async function updatePeer(
  db: Kysely<Database>,
  key: Buffer,
  bookId: string,
  peerId: string,
  fields: PeerFields,
): Promise<void> {
  const cols = columnsOf(key, bookId, peerId, fields);
  const res = await db
    .updateTable('address_book_peers')
    .set({ ...cols, updated_at: Date.now() })
    .where('book_id', '=', bookId)
    .where('peer_id', '=', peerId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound(`The peer ${peerId} in this address book`);
}

export async function deletePeers(db: Kysely<Database>, bookId: string, peerIds: string[]): Promise<number> {
  if (peerIds.length === 0) return 0;
  const res = await db
    .deleteFrom('address_book_peers')
    .where('book_id', '=', bookId)
    .where('peer_id', 'in', peerIds)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

export function parseTags(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** Opens a row's secrets; a value that no longer opens (key rotated away) reads as unset. */
export function openPeer(key: Buffer, row: AddressBookPeerRow): OpenedPeer {
  const open = (sealed: string | null, kind: 'hash' | 'password') => {
    if (!sealed) return '';
    try {
      return openSecret(key, sealed, secretContext(row.book_id, row.peer_id, kind));
    } catch {
      return '';
    }
  };
  return {
    ...row,
    tagList: parseTags(row.tags),
    hash: open(row.hash_sealed, 'hash'),
    password: open(row.password_sealed, 'password'),
  };
}

/** A page of a book's peers in a stable order (first added first), optionally filtered. */
export async function listPeers(
  db: Kysely<Database>,
  bookId: string,
  page: { offset: number; limit: number; search?: string | undefined },
): Promise<{ total: number; rows: AddressBookPeerRow[] }> {
  let query = db.selectFrom('address_book_peers').where('book_id', '=', bookId);
  const search = page.search?.trim();
  if (search) {
    query = query.where((eb) =>
      eb.or(
        (['peer_id', 'alias', 'hostname', 'username', 'note'] as const).map((c) =>
          containsIgnoreCase(eb.ref(c), search),
        ),
      ),
    );
  }
  const count = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await query
    .selectAll()
    .orderBy('created_at')
    .orderBy('peer_id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { total: Number(count?.n ?? 0), rows };
}
