import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf, requireArea } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { ADMIN_ROUTE_ERRORS, Ok } from '../shared/common.ts';
import { DeviceId } from '../shared/devices.ts';
import { ConnParams, DeviceStrategy, LiveSessionList } from '../shared/strategies.ts';
import { describeDeviceStrategy } from './device-view.repo.ts';
import { listLiveSessions, requestDisconnect } from './sessions.repo.ts';

const errors = ADMIN_ROUTE_ERRORS;
const tags = ['console: devices'];
const Params = Type.Object({ id: DeviceId }, { additionalProperties: false });

/** One device's effective strategy and live sessions, under /api/console/devices/:id/…. */
export const deviceFleetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  app.addHook('preValidation', requireArea('devices'));

  app.get(
    '/:id/strategy',
    { schema: { tags, params: Params, response: { 200: DeviceStrategy, ...errors } } },
    async (request) => describeDeviceStrategy(db, request.params.id),
  );

  app.get(
    '/:id/sessions',
    { schema: { tags, params: Params, response: { 200: LiveSessionList, ...errors } } },
    async (request) => listLiveSessions(db, request.params.id, Date.now()),
  );

  // The device closes the connection on its next heartbeat, on whichever instance it lands (spec §5.1).
  app.post(
    '/:id/sessions/:connId/disconnect',
    { schema: { tags, params: ConnParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      const { id, connId } = request.params;
      const actor = actorOf(request);
      await requestDisconnect(db, id, connId, actor.name, Date.now());
      await recordAudit(db, actor, 'device.disconnect', id, { connId });
      return { ok: true as const };
    },
  );
};
