import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AddressBookRow, Database } from '../db/schema.ts';
import { lockBook, RULE_WRITE, requireBook } from './books.repo.ts';
import {
  ClientWriteErrors,
  EmptySuccess,
  GuidParams,
  IdList,
  PeerBody,
  TagBody,
  TagRename,
} from './client-schemas.ts';
import { acceptEmptyJson, clientUser, EMPTY_BODY, peerFieldsOf } from './client-wire.ts';
import { deletePeers, updatePeer, upsertPeer } from './peers.repo.ts';
import { deleteTags, renameTag, setTagColor, upsertTag } from './tags.repo.ts';

const tags = ['rustdesk client: address book'];
const schema = <B>(body: B) => ({
  tags,
  params: GuidParams,
  body,
  response: { 200: EmptySuccess, ...ClientWriteErrors },
});

/**
 * Peer and tag mutations (spec §6.4, §6.5): read/write access needed; success is 200 with an empty
 * body. Concurrency: each request changes one peer's given fields (or one tag) inside a transaction
 * that first takes the book's lock, so two clients editing one shared book at once are applied one
 * after the other and neither write is lost; two writes of the SAME field of the same peer are
 * last-writer-wins, which is all the client can express (it sends no version).
 */
export const clientWriteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const key = app.config.secretKey;
  acceptEmptyJson(app);

  async function write(
    request: FastifyRequest & { params: { guid: string } },
    change: (trx: Kysely<Database>, book: AddressBookRow) => Promise<unknown>,
  ): Promise<void> {
    const user = await clientUser(request);
    const { book } = await requireBook(db, { user }, request.params.guid, RULE_WRITE);
    await db.transaction().execute(async (trx) => {
      await lockBook(trx, book.id);
      await change(trx, book);
    });
  }

  // Adding a peer that exists sets the sent fields (two clients adding one peer both succeed).
  app.post('/ab/peer/add/:guid', { schema: schema(PeerBody) }, async (request, reply) => {
    await write(request, (trx, book) =>
      upsertPeer(trx, key, book.id, request.body.id, peerFieldsOf(request.body, book.personal_of !== null)),
    );
    return reply.status(200).send(EMPTY_BODY);
  });

  app.put('/ab/peer/update/:guid', { schema: schema(PeerBody) }, async (request, reply) => {
    await write(request, (trx, book) =>
      updatePeer(trx, key, book.id, request.body.id, peerFieldsOf(request.body, book.personal_of !== null)),
    );
    return reply.status(200).send(EMPTY_BODY);
  });

  app.delete('/ab/peer/:guid', { schema: schema(IdList) }, async (request, reply) => {
    await write(request, (trx, book) => deletePeers(trx, book.id, request.body));
    return reply.status(200).send(EMPTY_BODY);
  });

  app.post('/ab/tag/add/:guid', { schema: schema(TagBody) }, async (request, reply) => {
    await write(request, (trx, book) => upsertTag(trx, book.id, request.body));
    return reply.status(200).send(EMPTY_BODY);
  });

  app.put('/ab/tag/rename/:guid', { schema: schema(TagRename) }, async (request, reply) => {
    await write(request, (trx, book) => renameTag(trx, book.id, request.body.old, request.body.new));
    return reply.status(200).send(EMPTY_BODY);
  });

  app.put('/ab/tag/update/:guid', { schema: schema(TagBody) }, async (request, reply) => {
    await write(request, (trx, book) => setTagColor(trx, book.id, request.body));
    return reply.status(200).send(EMPTY_BODY);
  });

  app.delete('/ab/tag/:guid', { schema: schema(IdList) }, async (request, reply) => {
    await write(request, (trx, book) => deleteTags(trx, book.id, request.body));
    return reply.status(200).send(EMPTY_BODY);
  });
};
