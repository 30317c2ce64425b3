import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { actorOf, requireSession } from '../accounts/index.ts';
import { recordAudit } from '../audit/audit.ts';
import type { AddressBookPeerRow, AddressBookRow, Database } from '../db/schema.ts';
import { conflict } from '../errors.ts';
import {
  BookParams,
  BookPeerCreate,
  BookPeerPage,
  BookPeerParams,
  BookPeerUpdate,
  BookTagCreate,
  BookTagList,
  BookTagParams,
  BookTagUpdate,
} from '../shared/address-books.ts';
import { ADMIN_ROUTE_ERRORS, Ok } from '../shared/common.ts';
import { lockBook, RULE_READ, RULE_WRITE, requireBook } from './books.repo.ts';
import { readerOf } from './console-books.routes.ts';
import { deletePeers, findPeer, listPeers, parseTags, updatePeer, upsertPeer } from './peers.repo.ts';
import { deleteTags, listTags, renameTag, setTagColor, upsertTag } from './tags.repo.ts';

const errors = ADMIN_ROUTE_ERRORS;
const tags = ['console: address books'];
const PeersQuery = Type.Object(
  {
    page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    search: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** The one place a peer row becomes a console object: its password or hash never leaves the server. */
function toBookPeer(row: AddressBookPeerRow) {
  return {
    id: row.peer_id,
    alias: row.alias,
    tags: parseTags(row.tags),
    note: row.note,
    username: row.username,
    hostname: row.hostname,
    platform: row.platform,
    hasPassword: row.hash_sealed !== null || row.password_sealed !== null,
    updatedAt: row.updated_at,
  };
}

/** Peers and tags of one book in the console; same rules and same book lock as the client API. */
export const consoleItemsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const key = app.config.secretKey;
  app.addHook('preHandler', requireSession);

  /** One change to a book under its lock, written to the audit trail in the same transaction. */
  const write = async (
    request: Parameters<typeof readerOf>[0] & { params: { id: string } },
    audit: { action: string; item: string; detail?: Record<string, unknown> },
    change: (trx: Kysely<Database>, book: AddressBookRow) => Promise<unknown>,
  ) => {
    const { book } = await requireBook(db, readerOf(request), request.params.id, RULE_WRITE);
    await db.transaction().execute(async (trx) => {
      await lockBook(trx, book.id);
      await change(trx, book);
      await recordAudit(trx, actorOf(request), audit.action, `${book.name}: ${audit.item}`, audit.detail);
    });
    return { ok: true as const };
  };

  app.get(
    '/:id/peers',
    {
      schema: {
        tags,
        params: BookParams,
        querystring: PeersQuery,
        response: { 200: BookPeerPage, ...errors },
      },
    },
    async (request) => {
      const { book } = await requireBook(db, readerOf(request), request.params.id, RULE_READ);
      const { page, pageSize, search } = request.query;
      const res = await listPeers(db, book.id, { offset: (page - 1) * pageSize, limit: pageSize, search });
      return { items: res.rows.map(toBookPeer), total: res.total, page, pageSize };
    },
  );

  app.post(
    '/:id/peers',
    { schema: { tags, params: BookParams, body: BookPeerCreate, response: { 200: Ok, ...errors } } },
    async (request) =>
      write(request, { action: 'address-book.peer.add', item: request.body.id }, async (trx, book) => {
        const { id, ...fields } = request.body;
        if (await findPeer(trx, book.id, id)) throw conflict(`${id} is already in this address book.`);
        await upsertPeer(trx, key, book.id, id, fields);
      }),
  );

  app.patch(
    '/:id/peers/:peerId',
    { schema: { tags, params: BookPeerParams, body: BookPeerUpdate, response: { 200: Ok, ...errors } } },
    async (request) =>
      write(
        request,
        // Field names only: a peer's password never reaches the trail.
        {
          action: 'address-book.peer.update',
          item: request.params.peerId,
          detail: { fields: Object.keys(request.body) },
        },
        (trx, book) => updatePeer(trx, key, book.id, request.params.peerId, request.body),
      ),
  );

  app.delete(
    '/:id/peers/:peerId',
    { schema: { tags, params: BookPeerParams, response: { 200: Ok, ...errors } } },
    async (request) =>
      write(request, { action: 'address-book.peer.delete', item: request.params.peerId }, (trx, book) =>
        deletePeers(trx, book.id, [request.params.peerId]),
      ),
  );

  app.get(
    '/:id/tags',
    { schema: { tags, params: BookParams, response: { 200: BookTagList, ...errors } } },
    async (request) => {
      const { book } = await requireBook(db, readerOf(request), request.params.id, RULE_READ);
      return listTags(db, book.id);
    },
  );

  app.post(
    '/:id/tags',
    { schema: { tags, params: BookParams, body: BookTagCreate, response: { 200: Ok, ...errors } } },
    async (request) =>
      write(request, { action: 'address-book.tag.add', item: request.body.name }, async (trx, book) => {
        if ((await listTags(trx, book.id)).some((t) => t.name === request.body.name))
          throw conflict(`Tag ${request.body.name} already exists; choose another name.`);
        await upsertTag(trx, book.id, request.body);
      }),
  );

  app.patch(
    '/:id/tags/:name',
    { schema: { tags, params: BookTagParams, body: BookTagUpdate, response: { 200: Ok, ...errors } } },
    async (request) =>
      write(
        request,
        { action: 'address-book.tag.update', item: request.params.name, detail: request.body },
        async (trx, book) => {
          const { name } = request.params;
          if (request.body.color !== undefined)
            await setTagColor(trx, book.id, { name, color: request.body.color });
          if (request.body.name !== undefined) await renameTag(trx, book.id, name, request.body.name);
        },
      ),
  );

  app.delete(
    '/:id/tags/:name',
    { schema: { tags, params: BookTagParams, response: { 200: Ok, ...errors } } },
    async (request) =>
      write(request, { action: 'address-book.tag.delete', item: request.params.name }, (trx, book) =>
        deleteTags(trx, book.id, [request.params.name]),
      ),
  );
};
