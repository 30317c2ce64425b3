import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ensurePersonalBook, listSharedBooks, lockBook, RULE_READ, requireBook } from './books.repo.ts';
import {
  ClientErrors,
  EmptySuccess,
  GuidParams,
  LegacyGet,
  LegacyPost,
  NoBody,
  PeerPage,
  PeersQuery,
  ProfilePage,
  ProfilesQuery,
  SciterGet,
  TagList,
} from './client-schemas.ts';
import { acceptEmptyJson, clientUser, EMPTY_BODY, toClientPeer } from './client-wire.ts';
import { parseLegacyData, readLegacyBook, replaceLegacyBook } from './legacy.ts';
import { listPeers, openPeer } from './peers.repo.ts';
import { listTags } from './tags.repo.ts';

const tags = ['rustdesk client: address book'];

/** Discovery, reads and the legacy whole book (spec §6.1–6.3), mounted under /api. */
export const clientReadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const key = app.config.secretKey;
  acceptEmptyJson(app);

  // §6.1: the legacy book is the personal book (see legacy.ts for why).
  app.get('/ab', { schema: { tags, response: { 200: LegacyGet, ...ClientErrors } } }, async (request) => {
    const book = await ensurePersonalBook(db, await clientUser(request));
    return { data: JSON.stringify(await readLegacyBook(db, key, book.id)) };
  });

  app.post(
    '/ab',
    {
      bodyLimit: 8 * 1024 * 1024,
      schema: { tags, body: LegacyPost, response: { 200: EmptySuccess, ...ClientErrors } },
    },
    async (request, reply) => {
      const book = await ensurePersonalBook(db, await clientUser(request));
      const data = await parseLegacyData(request.body.data);
      await db.transaction().execute(async (trx) => {
        await lockBook(trx, book.id);
        await replaceLegacyBook(trx, key, book.id, data);
      });
      return reply.status(200).send(EMPTY_BODY);
    },
  );

  // §6.1, Sciter UI only.
  app.post(
    '/ab/get',
    { schema: { tags, body: NoBody, response: { 200: SciterGet, ...ClientErrors } } },
    async (request) => {
      const book = await ensurePersonalBook(db, await clientUser(request));
      return { data: JSON.stringify(await readLegacyBook(db, key, book.id)), updated_at: book.updated_at };
    },
  );

  app.post(
    '/ab/settings',
    {
      schema: {
        tags,
        body: NoBody,
        response: { 200: Type.Object({ max_peer_one_ab: Type.Integer() }), ...ClientErrors },
      },
    },
    async (request) => {
      await clientUser(request);
      return { max_peer_one_ab: 0 };
    },
  );

  app.post(
    '/ab/personal',
    {
      schema: {
        tags,
        body: NoBody,
        response: { 200: Type.Object({ guid: Type.String() }), ...ClientErrors },
      },
    },
    async (request) => ({ guid: (await ensurePersonalBook(db, await clientUser(request))).id }),
  );

  // §6.2: shared books only (the client adds the personal one itself), with the reader's rule.
  app.post(
    '/ab/shared/profiles',
    {
      schema: {
        tags,
        body: NoBody,
        querystring: ProfilesQuery,
        response: { 200: ProfilePage, ...ClientErrors },
      },
    },
    async (request) => {
      const user = await clientUser(request);
      const { current, pageSize } = request.query;
      const page = await listSharedBooks(db, { user }, { offset: (current - 1) * pageSize, limit: pageSize });
      return {
        total: page.total,
        data: page.items.map((b) => ({
          guid: b.id,
          name: b.name,
          owner: b.owner_name,
          note: b.note,
          rule: b.rule,
        })),
      };
    },
  );

  app.post(
    '/ab/peers',
    { schema: { tags, body: NoBody, querystring: PeersQuery, response: { 200: PeerPage, ...ClientErrors } } },
    async (request) => {
      const user = await clientUser(request);
      const { current, pageSize, ab } = request.query;
      const { book } = await requireBook(db, { user }, ab, RULE_READ);
      const page = await listPeers(db, book.id, { offset: (current - 1) * pageSize, limit: pageSize });
      const personal = book.personal_of !== null;
      return { total: page.total, data: page.rows.map((r) => toClientPeer(openPeer(key, r), personal)) };
    },
  );

  // §6.3: a bare array; `color` is required by the client.
  app.post(
    '/ab/tags/:guid',
    { schema: { tags, body: NoBody, params: GuidParams, response: { 200: TagList, ...ClientErrors } } },
    async (request) => {
      const { book } = await requireBook(
        db,
        { user: await clientUser(request) },
        request.params.guid,
        RULE_READ,
      );
      return listTags(db, book.id);
    },
  );
};
