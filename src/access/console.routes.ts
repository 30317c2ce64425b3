import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, requireArea } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import {
  DeviceGroup,
  DeviceGroupCreate,
  DeviceGroupGrants,
  DeviceGroupList,
  DeviceGroupUpdate,
  GroupDeviceAccess,
} from '../shared/access.ts';
import { ADMIN_ROUTE_ERRORS, IdParams, Ok } from '../shared/common.ts';
import { dropAssignmentsOf } from '../strategies/effective.ts';
import {
  deleteDeviceGroup,
  findApiDeviceGroup,
  insertDeviceGroup,
  listDeviceGroups,
  listGroupAccess,
  replaceGrants,
  replaceGroupAccess,
  updateDeviceGroup,
} from './device-groups.repo.ts';

const Params = IdParams;
const errors = ADMIN_ROUTE_ERRORS;
const tags = ['console: device groups'];

/** Admin management of device groups and their grants, under /api/console/device-groups. */
export const deviceGroupConsoleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  app.addHook('preValidation', requireArea('device-groups'));

  app.get('/', { schema: { tags, response: { 200: DeviceGroupList, ...errors } } }, async () =>
    listDeviceGroups(db),
  );

  app.post(
    '/',
    { schema: { tags, body: DeviceGroupCreate, response: { 201: DeviceGroup, ...errors } } },
    async (request, reply) => {
      const row = await insertDeviceGroup(db, request.body.name, request.body.note ?? '');
      await recordAudit(db, actorOf(request), 'device-group.create', row.name);
      return reply.status(201).send(await findApiDeviceGroup(db, row.id));
    },
  );

  app.patch(
    '/:id',
    { schema: { tags, params: Params, body: DeviceGroupUpdate, response: { 200: DeviceGroup, ...errors } } },
    async (request) => {
      const row = await updateDeviceGroup(db, request.params.id, request.body);
      await recordAudit(db, actorOf(request), 'device-group.update', row.name, request.body);
      return findApiDeviceGroup(db, row.id);
    },
  );

  app.put(
    '/:id/grants',
    { schema: { tags, params: Params, body: DeviceGroupGrants, response: { 200: DeviceGroup, ...errors } } },
    async (request) => {
      const { userIds, groupIds } = request.body;
      await db.transaction().execute((trx) => replaceGrants(trx, request.params.id, userIds, groupIds));
      const group = await findApiDeviceGroup(db, request.params.id);
      await recordAudit(db, actorOf(request), 'device-group.grants', group.name, request.body);
      return group;
    },
  );

  app.delete(
    '/:id',
    { schema: { tags, params: Params, response: { 200: Ok, ...errors } } },
    async (request) => {
      const row = await deleteDeviceGroup(db, request.params.id);
      // Its devices lose the group's strategy (src/strategies/effective.ts).
      await dropAssignmentsOf(db, 'device-group', row.id);
      await recordAudit(db, actorOf(request), 'device-group.delete', row.name);
      return { ok: true as const };
    },
  );
};

/** Which user groups' devices a user group may access, under /api/console/groups/:id/device-access. */
export const groupAccessConsoleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  app.addHook('preValidation', requireArea('groups'));
  const schema = {
    tags: ['console: groups'],
    params: Params,
    response: { 200: GroupDeviceAccess, ...errors },
  };

  app.get('/:id/device-access', { schema }, async (request) => ({
    targetGroupIds: await listGroupAccess(db, request.params.id),
  }));

  app.put('/:id/device-access', { schema: { ...schema, body: GroupDeviceAccess } }, async (request) => {
    const { targetGroupIds } = request.body;
    const name = await db
      .transaction()
      .execute((trx) => replaceGroupAccess(trx, request.params.id, targetGroupIds));
    await recordAudit(db, actorOf(request), 'group.device-access', name, request.body);
    return { targetGroupIds: await listGroupAccess(db, request.params.id) };
  });
};
