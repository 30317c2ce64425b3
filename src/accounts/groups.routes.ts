import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../audit/audit.ts';
import { Group, GroupCreate, GroupList, GroupUpdate } from '../shared/accounts.ts';
import { ADMIN_ROUTE_ERRORS, IdParams, Ok } from '../shared/common.ts';
import { deleteGroup, findApiGroup, insertGroup, listGroups, updateGroup } from './groups.repo.ts';
import { actorOf, requireArea } from './guards.ts';

const Params = IdParams;
const errors = ADMIN_ROUTE_ERRORS;
const tags = ['console: groups'];

/** Admin management of user groups; members are listed through the users list filtered by group. */
export const groupsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  app.addHook('preValidation', requireArea('groups'));

  app.get('/', { schema: { tags, response: { 200: GroupList, ...errors } } }, async () => listGroups(db));

  app.post(
    '/',
    { schema: { tags, body: GroupCreate, response: { 201: Group, ...errors } } },
    async (request, reply) => {
      const row = await insertGroup(db, request.body.name, request.body.note ?? '');
      await recordAudit(db, actorOf(request), 'group.create', row.name);
      return reply.status(201).send(await findApiGroup(db, row.id));
    },
  );

  app.patch(
    '/:id',
    { schema: { tags, params: Params, body: GroupUpdate, response: { 200: Group, ...errors } } },
    async (request) => {
      const row = await updateGroup(db, request.params.id, request.body);
      await recordAudit(db, actorOf(request), 'group.update', row.name, request.body);
      return findApiGroup(db, row.id);
    },
  );

  app.delete(
    '/:id',
    { schema: { tags, params: Params, response: { 200: Ok, ...errors } } },
    async (request) => {
      const row = await deleteGroup(db, request.params.id);
      await recordAudit(db, actorOf(request), 'group.delete', row.name);
      return { ok: true as const };
    },
  );
};
