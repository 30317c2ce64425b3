import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { badRequest } from '../errors.ts';
import { assertJsonDepth } from '../http/json-body.ts';
import { deletePeers, listPeerIds, listPeers, openPeer, type PeerFields, upsertPeers } from './peers.repo.ts';
import { DEFAULT_TAG_COLOR, listTags, upsertTag } from './tags.repo.ts';

/*
 * The legacy whole-book API (spec §6.1) and the new API's personal book are ONE book: GET /api/ab
 * reads the user's personal book and POST /api/ab replaces it. lejianwen/rustdesk-api does the same
 * (spec §9: its legacy book and its personal book `<group>-<user>-0` share one table), and it is what
 * a person expects when an old client and a new one are signed in as the same user: one book.
 *
 * Concurrency: the legacy POST carries the whole book and no version (the client never sends one,
 * and re-pulls only after its own push), so it is last-writer-wins for the whole book, applied in
 * one transaction under the book's lock. It can only be lost against another device of the SAME
 * user (a personal book is nobody else's). Fields the legacy format does not carry (note, shared
 * password, rdp settings…) are kept for peers that stay, so an old client does not erase them.
 */

/** Rows per multi-row statement (≈ 20 columns each: far below SQLite's 32,766 parameters). */
const BATCH = 100;

/** Lets queued callbacks (heartbeats, other requests' I/O) run between two batches. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const LegacyPeer = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 100 }),
    username: Type.Optional(Type.String({ maxLength: 500 })),
    hostname: Type.Optional(Type.String({ maxLength: 500 })),
    platform: Type.Optional(Type.String({ maxLength: 100 })),
    alias: Type.Optional(Type.String({ maxLength: 500 })),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 })),
    hash: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: true },
);
export const LegacyBookData = Type.Object(
  {
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 1000 })),
    peers: Type.Optional(Type.Array(LegacyPeer, { maxItems: 20000 })),
    // A JSON string of {tag: ARGB int}.
    tag_colors: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
export type LegacyBookData = Static<typeof LegacyBookData>;

const checkBook = TypeCompiler.Compile(
  Type.Object({
    ...LegacyBookData.properties,
    peers: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 20000 })),
  }),
);
const checkPeer = TypeCompiler.Compile(LegacyPeer);

/**
 * Decodes the `data` string of a legacy POST, refusing what the book could not hold. The peers are checked
 * with a compiled validator, a thousand at a time with a turn of the event loop between (issue 15 §7: checking
 * 20,000 peers in one go was a stall of its own).
 */
export async function parseLegacyData(data: string): Promise<LegacyBookData> {
  let value: unknown;
  assertJsonDepth(data);
  try {
    value = JSON.parse(data);
  } catch {
    throw badRequest('The "data" field is not a JSON string of an address book.');
  }
  if (!checkBook.Check(value)) throw invalidAt(checkBook.Errors(value).First());
  const peers = value.peers ?? [];
  for (let i = 0; i < peers.length; i++) {
    if (i % 1000 === 999) await yieldToEventLoop();
    if (!checkPeer.Check(peers[i])) {
      const first = checkPeer.Errors(peers[i]).First();
      throw invalidAt(first && { ...first, path: `/peers/${i}${first.path}` });
    }
  }
  return value as LegacyBookData;
}

function invalidAt(first: { path: string; message: string } | undefined) {
  return badRequest(
    `The address book in "data" is invalid at ${first?.path || '/'}: ${first?.message ?? ''}.`,
  );
}

function parseColors(json: string | undefined): Record<string, number> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    if (!value || typeof value !== 'object') return {};
    return Object.fromEntries(
      Object.entries(value).filter(
        (e): e is [string, number] => Number.isInteger(e[1]) && e[1] >= 0 && e[1] <= 0xffffffff,
      ),
    );
  } catch {
    throw badRequest('The "tag_colors" field is not a JSON string of {tag: colour}.');
  }
}

/** The book as the legacy client reads it: peers with their hash, tags, and colours as a JSON string. */
export async function readLegacyBook(db: Kysely<Database>, key: Buffer, bookId: string) {
  const { rows } = await listPeers(db, bookId, { offset: 0, limit: 1_000_000 });
  const tags = await listTags(db, bookId);
  return {
    tags: tags.map((t) => t.name),
    peers: rows.map((row) => {
      const p = openPeer(key, row);
      return {
        id: p.peer_id,
        username: p.username,
        hostname: p.hostname,
        platform: p.platform,
        alias: p.alias,
        tags: p.tagList,
        hash: p.hash,
      };
    }),
    tag_colors: JSON.stringify(Object.fromEntries(tags.map((t) => [t.name, t.color]))),
  };
}

/**
 * Makes the book equal to the uploaded one (run inside a transaction, after lockBook).
 *
 * Issue 15 §7: a 20,000-peer upload was 40,000 single-row statements, blocking the event loop ~1 s on SQLite
 * (better-sqlite3 is synchronous and awaiting it only yields to microtasks) and taking ~10 s on PostgreSQL (one
 * round trip each). Now it is multi-row upserts and deletes of {@link BATCH}, with a turn of the event loop
 * between them. It stays ONE transaction on both dialects: a reader never sees half a book, and a failure keeps
 * the old one. On SQLite that transaction holds the single connection, so other requests' queries wait for
 * its commit (now a fraction of a second) while the event loop keeps answering what needs no query, such as
 * heartbeats of known devices; committing per batch would expose half-replaced books for no real gain.
 */
export async function replaceLegacyBook(
  db: Kysely<Database>,
  key: Buffer,
  bookId: string,
  data: LegacyBookData,
): Promise<void> {
  const colors = parseColors(data.tag_colors);
  const incoming = new Map((data.peers ?? []).map((p) => [p.id, p]));
  const gone = (await listPeerIds(db, bookId)).filter((id) => !incoming.has(id));
  for (let i = 0; i < gone.length; i += BATCH) {
    await deletePeers(db, bookId, gone.slice(i, i + BATCH));
    await yieldToEventLoop();
  }
  // A field the client left out is kept on the stored peer, so peers are grouped by the fields they carry.
  const byShape = new Map<string, Array<{ peerId: string; fields: PeerFields }>>();
  for (const p of incoming.values()) {
    const fields: PeerFields = {
      username: p.username,
      hostname: p.hostname,
      platform: p.platform,
      alias: p.alias,
      tags: p.tags,
      hash: p.hash,
    };
    const shape = Object.keys(fields)
      .filter((k) => fields[k as keyof PeerFields] !== undefined)
      .join();
    const group = byShape.get(shape) ?? [];
    group.push({ peerId: p.id, fields });
    byShape.set(shape, group);
  }
  for (const group of byShape.values()) {
    for (let i = 0; i < group.length; i += BATCH) {
      await upsertPeers(db, key, bookId, group.slice(i, i + BATCH));
      await yieldToEventLoop();
    }
  }
  const wanted = [...new Set(data.tags ?? [])];
  const current = await listTags(db, bookId);
  const keep = new Set(wanted);
  // Tag rows only; peers already carry the uploaded tag lists.
  const drop = current.map((t) => t.name).filter((n) => !keep.has(n));
  if (drop.length > 0) {
    await db
      .deleteFrom('address_book_tags')
      .where('book_id', '=', bookId)
      .where('name', 'in', drop)
      .execute();
  }
  for (const name of wanted) {
    await upsertTag(db, bookId, { name, color: colors[name] ?? DEFAULT_TAG_COLOR });
  }
}
