import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf, requireArea } from '../accounts/index.ts';
import {
  AuditSettings,
  EventFilter,
  EventPage,
  EventQuery,
  TrailFilter,
  TrailPage,
  TrailQuery,
} from '../shared/audit.ts';
import { ADMIN_ROUTE_ERRORS } from '../shared/common.ts';
import { recordAudit } from './audit.ts';
import { csvFilename, csvStream, sendCsv } from './csv.ts';
import { iterateClientEvents, listClientEvents } from './events.repo.ts';
import { getRetentionDays, setRetentionDays } from './retention.ts';
import { iterateTrail, listTrail } from './trail.repo.ts';

const errors = ADMIN_ROUTE_ERRORS;
const tags = ['console: audit'];
const Csv = Type.String({ description: 'text/csv; UTF-8 with a BOM' });
const iso = (ms: number) => new Date(ms).toISOString();

/** Console → Audit log (admins only): the trail, the client events, CSV exports, retention. */
export const auditConsoleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  app.addHook('preValidation', requireArea('audit'));

  app.get(
    '/trail',
    { schema: { tags, querystring: TrailQuery, response: { 200: TrailPage, ...errors } } },
    async (request) => {
      const { page = 1, pageSize = 50, ...filter } = request.query;
      return listTrail(db, filter, page, pageSize);
    },
  );
  app.get(
    '/trail.csv',
    { schema: { tags, querystring: TrailFilter, response: { 200: Csv, ...errors } } },
    async (request, reply) =>
      sendCsv(
        reply,
        csvFilename('trail'),
        csvStream(
          ['time (UTC)', 'user', 'user id', 'action', 'target', 'ip', 'detail'],
          iterateTrail(db, request.query),
          (e) => [iso(e.at), e.actorName, e.actorId, e.action, e.target, e.ip, e.detail],
        ),
      ),
  );

  app.get(
    '/events',
    { schema: { tags, querystring: EventQuery, response: { 200: EventPage, ...errors } } },
    async (request) => {
      const { page = 1, pageSize = 50, ...filter } = request.query;
      return listClientEvents(db, filter, page, pageSize);
    },
  );
  app.get(
    '/events.csv',
    { schema: { tags, querystring: EventFilter, response: { 200: Csv, ...errors } } },
    async (request, reply) =>
      sendCsv(
        reply,
        csvFilename('events'),
        csvStream(
          [
            'time (UTC)',
            'kind',
            'action',
            'device',
            'peer id',
            'peer name',
            'ip',
            'conn id',
            'session id',
            'type',
            'note',
            'note by',
            'detail',
          ],
          iterateClientEvents(db, request.query),
          (e) => [
            iso(e.at),
            e.kind,
            e.action,
            e.deviceId,
            e.peerId,
            e.peerName,
            e.ip,
            e.connId,
            e.sessionId,
            e.type,
            e.note,
            e.noteBy,
            e.detail,
          ],
        ),
      ),
  );

  app.get('/settings', { schema: { tags, response: { 200: AuditSettings, ...errors } } }, async () => ({
    retentionDays: await getRetentionDays(db),
  }));
  app.put(
    '/settings',
    { schema: { tags, body: AuditSettings, response: { 200: AuditSettings, ...errors } } },
    async (request) => {
      const before = await getRetentionDays(db);
      await setRetentionDays(db, request.body.retentionDays);
      await recordAudit(db, actorOf(request), 'settings.update', 'audit.retentionDays', {
        from: before,
        to: request.body.retentionDays,
      });
      return { retentionDays: request.body.retentionDays };
    },
  );
};
