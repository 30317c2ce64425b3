import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { actorOf, authOf, requireSession } from '../accounts/index.ts';
import { recordAudit } from '../audit/audit.ts';
import {
  AddressBook,
  AddressBookCreate,
  AddressBookList,
  AddressBookUpdate,
  BookParams,
  type BookShare,
  BookShareCreate,
  BookShareList,
  BookShareParams,
  BookShareUpdate,
  ShareTargets,
} from '../shared/address-books.ts';
import { ADMIN_ROUTE_ERRORS, Ok } from '../shared/common.ts';
import { allows } from '../shared/roles.ts';
import {
  assertBookNameFree,
  deleteSharedBook,
  ensurePersonalBook,
  insertSharedBook,
  listSharedBooks,
  type Reader,
  RULE_FULL,
  requireBook,
  updateSharedBook,
} from './books.repo.ts';
import { deleteShare, listShares, updateShare, upsertShare } from './shares.repo.ts';

const errors = ADMIN_ROUTE_ERRORS;
const tags = ['console: address books'];

/** The signed-in console user as a book reader; a role that manages address books manages every shared book. */
export function readerOf(request: FastifyRequest): Reader {
  const { user, permissions } = authOf(request);
  return { user, adminOverride: allows(permissions, 'address-books', 'manage') };
}

/** Books and their sharing, for any signed-in console user (what they may do depends on their rule). */
export const consoleBooksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  app.addHook('preHandler', requireSession);

  app.get('/', { schema: { tags, response: { 200: AddressBookList, ...errors } } }, async (request) => {
    const reader = readerOf(request);
    const personal = await ensurePersonalBook(db, reader.user);
    const shared = await listSharedBooks(db, reader, { offset: 0, limit: 10_000 });
    return [{ ...personal, owner_name: reader.user.username, rule: RULE_FULL }, ...shared.items].map((b) => ({
      id: b.id,
      name: b.name,
      note: b.note,
      personal: b.personal_of !== null,
      ownerId: b.owner_id,
      ownerName: b.owner_name,
      rule: b.rule,
    }));
  });

  app.post(
    '/',
    { schema: { tags, body: AddressBookCreate, response: { 201: AddressBook, ...errors } } },
    async (request, reply) => {
      const { user } = authOf(request);
      await assertBookNameFree(db, request.body.name);
      const book = await insertSharedBook(db, user, {
        name: request.body.name,
        note: request.body.note ?? '',
      });
      await recordAudit(db, actorOf(request), 'address-book.create', book.name);
      return reply.status(201).send({
        id: book.id,
        name: book.name,
        note: book.note,
        personal: false,
        ownerId: user.id,
        ownerName: user.username,
        rule: RULE_FULL,
      });
    },
  );

  app.patch(
    '/:id',
    { schema: { tags, params: BookParams, body: AddressBookUpdate, response: { 200: Ok, ...errors } } },
    async (request) => {
      const { book } = await requireBook(db, readerOf(request), request.params.id, RULE_FULL);
      await updateSharedBook(db, book, request.body);
      await recordAudit(db, actorOf(request), 'address-book.update', book.name, request.body);
      return { ok: true as const };
    },
  );

  app.delete(
    '/:id',
    { schema: { tags, params: BookParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      const { book } = await requireBook(db, readerOf(request), request.params.id, RULE_FULL);
      await deleteSharedBook(db, book);
      await recordAudit(db, actorOf(request), 'address-book.delete', book.name);
      return { ok: true as const };
    },
  );

  // Who a book can be shared with (any signed-in user may own a shared book and share it).
  app.get('/share-targets', { schema: { tags, response: { 200: ShareTargets, ...errors } } }, async () => {
    const users = await db
      .selectFrom('users')
      .select(['id', 'username', 'display_name'])
      .where('status', '=', 1)
      .orderBy('username_key')
      .execute();
    const groups = await db.selectFrom('groups').select(['id', 'name']).orderBy('name_key').execute();
    return {
      users: users.map((u) => ({ id: u.id, username: u.username, displayName: u.display_name })),
      groups,
    };
  });

  app.get(
    '/:id/shares',
    { schema: { tags, params: BookParams, response: { 200: BookShareList, ...errors } } },
    async (request) => {
      const { book } = await requireBook(db, readerOf(request), request.params.id, RULE_FULL);
      return listShares(db, book.id);
    },
  );

  app.post(
    '/:id/shares',
    { schema: { tags, params: BookParams, body: BookShareCreate, response: { 200: Ok, ...errors } } },
    async (request) => {
      const { book } = await requireBook(db, readerOf(request), request.params.id, RULE_FULL);
      await upsertShare(db, book, request.body);
      const targetId = 'userId' in request.body ? request.body.userId : request.body.groupId;
      const share = (await listShares(db, book.id)).find((x) => x.targetId === targetId);
      await recordAudit(
        db,
        actorOf(request),
        'address-book.share',
        book.name,
        shareDetail(share, request.body),
      );
      return { ok: true as const };
    },
  );

  app.patch(
    '/:id/shares/:shareId',
    { schema: { tags, params: BookShareParams, body: BookShareUpdate, response: { 200: Ok, ...errors } } },
    async (request) => {
      const { book } = await requireBook(db, readerOf(request), request.params.id, RULE_FULL);
      await updateShare(db, book.id, request.params.shareId, request.body.rule);
      const share = (await listShares(db, book.id)).find((x) => x.id === request.params.shareId);
      await recordAudit(
        db,
        actorOf(request),
        'address-book.share',
        book.name,
        shareDetail(share, request.body),
      );
      return { ok: true as const };
    },
  );

  app.delete(
    '/:id/shares/:shareId',
    { schema: { tags, params: BookShareParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      const { book } = await requireBook(db, readerOf(request), request.params.id, RULE_FULL);
      const share = (await listShares(db, book.id)).find((x) => x.id === request.params.shareId);
      await deleteShare(db, book.id, request.params.shareId);
      await recordAudit(db, actorOf(request), 'address-book.unshare', book.name, shareDetail(share, {}));
      return { ok: true as const };
    },
  );
};

/** The audit detail of a share: who it is with by name at the time (the trail reads as a sentence). */
function shareDetail(share: BookShare | undefined, body: Record<string, unknown>): Record<string, unknown> {
  return share ? { ...body, kind: share.kind, targetName: share.targetName, rule: share.rule } : body;
}
