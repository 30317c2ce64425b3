import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf, requireArea, requireUser } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { ADMIN_ROUTE_ERRORS, Id, IdParams, Ok } from '../shared/common.ts';
import { ClientSessionList } from '../shared/devices.ts';
import { listClientSessions, revokeClientSession } from './client-sessions.repo.ts';

const SessionParams = Type.Object({ id: Id, sessionId: Id }, { additionalProperties: false });
const errors = ADMIN_ROUTE_ERRORS;
const tags = ['console: users'];

/** A user's signed-in RustDesk clients, each with a Sign out; mounted under /api/console/users. */
export const clientSessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  app.addHook('preValidation', requireArea('devices'));

  app.get(
    '/:id/client-sessions',
    { schema: { tags, params: IdParams, response: { 200: ClientSessionList, ...errors } } },
    async (request) => {
      const user = await requireUser(db, request.params.id);
      return listClientSessions(db, user.id, Date.now());
    },
  );

  app.delete(
    '/:id/client-sessions/:sessionId',
    { schema: { tags, params: SessionParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      const user = await requireUser(db, request.params.id);
      const revoked = await revokeClientSession(db, user.id, request.params.sessionId);
      await recordAudit(db, actorOf(request), 'user.client_session.revoke', user.username, {
        device: revoked.deviceId,
        deviceName: revoked.deviceName,
      });
      return { ok: true as const };
    },
  );
};
