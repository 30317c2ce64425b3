import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { setDeviceGroup } from '../access/index.ts';
import { actorOf, requireArea } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { ADMIN_ROUTE_ERRORS, Ok } from '../shared/common.ts';
import { Device, DeviceId, DeviceListQuery, DevicePage, DeviceUpdate } from '../shared/devices.ts';
import { refreshDeviceStrategies } from '../strategies/effective.ts';
import { deleteDevice, findApiDevice, listDevices, updateDevice } from './devices.repo.ts';
import type { Presence } from './presence.ts';

const Params = Type.Object({ id: DeviceId }, { additionalProperties: false });
const errors = ADMIN_ROUTE_ERRORS;
const tags = ['console: devices'];

/**
 * Admin view of registered devices: list with search and paging; note, assigned user, device group,
 * disable/enable; delete.
 */
export const deviceConsoleRoutes: FastifyPluginAsyncTypebox<{ presence: Presence }> = async (app, opts) => {
  const db = app.db.kysely;
  app.addHook('preValidation', requireArea('devices'));

  app.get(
    '/',
    { schema: { tags, querystring: DeviceListQuery, response: { 200: DevicePage, ...errors } } },
    async (request) => {
      const { page = 1, pageSize = 20, ...filters } = request.query;
      return listDevices(db, { page, pageSize, ...filters, now: Date.now() });
    },
  );

  app.get(
    '/:id',
    { schema: { tags, params: Params, response: { 200: Device, ...errors } } },
    async (request) => findApiDevice(db, request.params.id, Date.now()),
  );

  app.patch(
    '/:id',
    { schema: { tags, params: Params, body: DeviceUpdate, response: { 200: Device, ...errors } } },
    async (request) => {
      const { deviceGroupId, ...patch } = request.body;
      await db.transaction().execute(async (trx) => {
        await updateDevice(trx, request.params.id, patch);
        if (deviceGroupId !== undefined) await setDeviceGroup(trx, request.params.id, deviceGroupId);
      });
      // Its user or device group may bring another strategy (src/strategies/effective.ts).
      if (patch.userId !== undefined || deviceGroupId !== undefined)
        await refreshDeviceStrategies(db, [request.params.id]);
      await recordAudit(db, actorOf(request), 'device.update', request.params.id, request.body);
      return findApiDevice(db, request.params.id, Date.now());
    },
  );

  app.delete(
    '/:id',
    { schema: { tags, params: Params, response: { 200: Ok, ...errors } } },
    async (request) => {
      const removed = await deleteDevice(db, request.params.id);
      opts.presence.forget(removed.id);
      app.fleetSync.forget(removed.id);
      await recordAudit(db, actorOf(request), 'device.delete', removed.id, { hostname: removed.hostname });
      return { ok: true as const };
    },
  );
};
