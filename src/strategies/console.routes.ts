import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, requireArea } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { ADMIN_ROUTE_ERRORS, IdParams, Ok } from '../shared/common.ts';
import {
  AssignmentList,
  Strategy,
  StrategyAssignment,
  StrategyCreate,
  StrategyList,
  StrategyUpdate,
} from '../shared/strategies.ts';
import { refreshDeviceStrategies } from './effective.ts';
import {
  assignStrategy,
  deleteStrategy,
  findApiStrategy,
  insertStrategy,
  listAssignments,
  listStrategies,
  updateStrategy,
} from './strategies.repo.ts';

const errors = ADMIN_ROUTE_ERRORS;
const tags = ['console: strategies'];

/** Strategies (named sets of client options) and their assignments, under /api/console/strategies. */
export const strategyConsoleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  app.addHook('preValidation', requireArea('strategies'));
  // Every change recomputes the devices' effective strategies before answering (src/strategies/effective.ts).
  const settle = async () => {
    await refreshDeviceStrategies(db);
  };

  app.get('/', { schema: { tags, response: { 200: StrategyList, ...errors } } }, async () =>
    listStrategies(db),
  );

  app.post(
    '/',
    { schema: { tags, body: StrategyCreate, response: { 201: Strategy, ...errors } } },
    async (request, reply) => {
      const id = await db.transaction().execute((trx) => insertStrategy(trx, request.body, Date.now()));
      await settle();
      await recordAudit(db, actorOf(request), 'strategy.create', request.body.name.trim(), request.body);
      return reply.status(201).send(await findApiStrategy(db, id));
    },
  );

  app.get('/assignments', { schema: { tags, response: { 200: AssignmentList, ...errors } } }, async () =>
    listAssignments(db),
  );

  app.put(
    '/assignments',
    { schema: { tags, body: StrategyAssignment, response: { 200: AssignmentList, ...errors } } },
    async (request) => {
      const { targetType, targetId, strategyId } = request.body;
      await db.transaction().execute((trx) => assignStrategy(trx, targetType, targetId, strategyId));
      await settle();
      await recordAudit(db, actorOf(request), 'strategy.assign', `${targetType}:${targetId}`, request.body);
      return listAssignments(db);
    },
  );

  app.patch(
    '/:id',
    { schema: { tags, params: IdParams, body: StrategyUpdate, response: { 200: Strategy, ...errors } } },
    async (request) => {
      const { name } = await db
        .transaction()
        .execute((trx) => updateStrategy(trx, request.params.id, request.body, Date.now()));
      await settle();
      await recordAudit(db, actorOf(request), 'strategy.update', name, request.body);
      return findApiStrategy(db, request.params.id);
    },
  );

  app.delete(
    '/:id',
    { schema: { tags, params: IdParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      const name = await deleteStrategy(db, request.params.id);
      await settle();
      await recordAudit(db, actorOf(request), 'strategy.delete', name);
      return { ok: true as const };
    },
  );
};
