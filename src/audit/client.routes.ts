import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../errors.ts';
import { depthLimitedJsonParser } from '../http/json-body.ts';
import { authenticateClient } from '../rustdesk/tokens.ts';
import { ErrorResponse } from '../shared/common.ts';
import { findSessionGuid, insertClientEvent, setEventNote } from './events.repo.ts';
import { admitAuditUpload } from './upload-gate.ts';
import { alarmRow, connRow, fileRow, quoteSessionIds } from './uploads.ts';

// Newer clients add fields, so bodies allow unknown keys (kept in `detail`, at most 8 KB). Lengths are
// capped: a refused upload is a 4xx, which the client drops instead of retrying (§1.6). Only
// registered devices may upload, within a per-device budget (upload-gate.ts).
const DeviceId = Type.String({ minLength: 1, maxLength: 100 });
const common = {
  id: DeviceId,
  uuid: Type.Optional(Type.String({ maxLength: 500 })),
  conn_id: Type.Optional(Type.Integer({ minimum: -2_147_483_648, maximum: 2_147_483_647 })),
  nonce: Type.Optional(Type.String({ maxLength: 100 })),
};
const SessionId = Type.String({ pattern: '^[0-9]{1,20}$' });
const ConnBody = Type.Object(
  {
    ...common,
    session_id: Type.Optional(SessionId),
    action: Type.Optional(Type.String({ maxLength: 50 })),
    ip: Type.Optional(Type.String({ maxLength: 100 })),
    peer: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 4 })),
    type: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    note: Type.Optional(Type.String({ maxLength: 10_000 })),
  },
  { additionalProperties: true },
);
const FileBody = Type.Object(
  {
    ...common,
    peer_id: Type.Optional(Type.String({ maxLength: 100 })),
    type: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    path: Type.Optional(Type.String({ maxLength: 10_000 })),
    is_file: Type.Optional(Type.Boolean()),
    info: Type.Optional(Type.String({ maxLength: 100_000 })),
  },
  { additionalProperties: true },
);
const AlarmBody = Type.Object(
  {
    ...common,
    typ: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    info: Type.Optional(Type.String({ maxLength: 100_000 })),
  },
  { additionalProperties: true },
);
const Stored = Type.Literal('', {
  description: 'Stored (or already stored): an EMPTY body, as the client requires.',
});
const uploadResponses = {
  200: Stored,
  400: ErrorResponse,
  403: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
  429: ErrorResponse,
};
const tags = ['rustdesk client'];

/** The audit endpoints of the official RustDesk client (spec §5.4–5.7), under /api/audit. */
export const auditClientRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  // Same parser as everywhere else, except that `session_id` (a u64) keeps every digit.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    depthLimitedJsonParser(app, quoteSessionIds),
  );

  app.post(
    '/conn',
    { schema: { tags, body: ConnBody, response: uploadResponses } },
    async (request, reply) => {
      const row = connRow(request.body);
      await admitAuditUpload(db, request.body, Date.now());
      await insertClientEvent(db, row);
      return reply.status(200).send('');
    },
  );
  app.post(
    '/file',
    { schema: { tags, body: FileBody, response: uploadResponses } },
    async (request, reply) => {
      const row = fileRow(request.body);
      await admitAuditUpload(db, request.body, Date.now());
      await insertClientEvent(db, row);
      return reply.status(200).send('');
    },
  );
  app.post(
    '/alarm',
    { schema: { tags, body: AlarmBody, response: uploadResponses } },
    async (request, reply) => {
      const row = alarmRow(request.body);
      await admitAuditUpload(db, request.body, Date.now());
      await insertClientEvent(db, row);
      return reply.status(200).send('');
    },
  );

  // §5.7: a JSON string, '' meaning "not yet" (the client asks again, up to 6 times).
  app.get(
    '/conn/active',
    {
      schema: {
        tags,
        querystring: Type.Object(
          {
            id: DeviceId,
            session_id: SessionId,
            conn_type: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
          },
          { additionalProperties: true },
        ),
        response: { 200: Type.String(), 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (request, reply) => {
      await authenticateClient(request);
      const { id, session_id, conn_type } = request.query;
      const guid = await findSessionGuid(db, id, session_id, conn_type);
      // A bare string is sent as text by Fastify; the client parses a JSON string.
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(guid));
    },
  );

  // `PUT /api/audit` exactly (no trailing slash): the path the client builds.
  app.put(
    '',
    {
      schema: {
        tags,
        body: Type.Object(
          { guid: Type.String({ minLength: 1, maxLength: 100 }), note: Type.String({ maxLength: 10_000 }) },
          { additionalProperties: true },
        ),
        response: { 200: Stored, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { user } = await authenticateClient(request);
      if (!(await setEventNote(db, request.body.guid, request.body.note, user.username)))
        throw new AppError('NOT_FOUND', 404, 'No connection record has this GUID.');
      return reply.status(200).send('');
    },
  );
};
