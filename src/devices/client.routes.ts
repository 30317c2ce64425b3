import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../errors.ts';
import { ErrorResponse } from '../shared/common.ts';
import type { Presence } from './presence.ts';
import { registerSysinfo } from './sysinfo.ts';

// The client's bodies (spec §5.1, §5.2); newer clients may add keys, so unknown keys are ignored.
const Text = Type.String({ maxLength: 1000 });
export const HeartbeatBody = Type.Object(
  {
    id: Type.String({ maxLength: 100 }),
    uuid: Type.String({ maxLength: 500 }),
    ver: Type.Optional(Type.Number()),
    conns: Type.Optional(Type.Array(Type.Integer(), { maxItems: 10_000 })),
    modified_at: Type.Optional(Type.Number()),
  },
  { additionalProperties: true },
);
const SysinfoBody = Type.Object(
  {
    id: Type.String({ maxLength: 100 }),
    uuid: Type.String({ maxLength: 500 }),
    cpu: Type.Optional(Text),
    memory: Type.Optional(Text),
    os: Type.Optional(Text),
    hostname: Type.Optional(Text),
    username: Type.Optional(Text),
    version: Type.Optional(Text),
  },
  { additionalProperties: true },
);
/** spec §5.1; `strategy`, `modified_at` and `disconnect` come from src/strategies/fleet-sync.ts. */
export const HeartbeatReply = Type.Object({
  sysinfo: Type.Optional(Type.Boolean()),
  strategy: Type.Optional(Type.Object({ config_options: Type.Record(Type.String(), Type.String()) })),
  modified_at: Type.Optional(Type.Number()),
  disconnect: Type.Optional(Type.Array(Type.Integer())),
});
/** Plain-text replies the client compares byte for byte (spec §5.2). */
const PlainText = { content: { 'text/plain': { schema: Type.String() } } };
const errors = { 400: ErrorResponse, 409: ErrorResponse };
const tags = ['rustdesk client'];

/** Opaque "version of sysinfo on the server side" (spec §5.3); changes when what we store changes. */
export const SYSINFO_VERSION = 'deskgate-sysinfo-1';

const idTaken = () =>
  new AppError(
    'CONFLICT',
    409,
    'This RustDesk ID is registered to another machine (a different uuid). An administrator can delete the old device in the DeskGate console.',
  );

/** Heartbeat and sysinfo (spec §5.1–5.3): no user auth, the device is its id + uuid. */
export const deviceClientRoutes: FastifyPluginAsyncTypebox<{ presence: Presence }> = async (app, opts) => {
  const { presence } = opts;
  const db = app.db.kysely;

  app.post(
    '/heartbeat',
    {
      // Every device, every 15 s: request logs would drown everything else.
      logLevel: 'warn',
      schema: {
        tags,
        body: HeartbeatBody,
        response: { 200: HeartbeatReply, ...errors },
      },
    },
    // Not async: a known device is answered from memory without a promise (docs/performance.md).
    (request) => {
      const { id, uuid, modified_at, conns } = request.body;
      if (id === '') return {};
      const now = Date.now();
      if (presence.beatKnown(id, uuid, now)) return app.fleetSync.answer(id, modified_at, conns, now);
      return presence.beat(id, uuid, now).then((state) => {
        if (state === 'conflict') throw idTaken();
        // Unknown (never registered, or deleted): `sysinfo` makes the client upload it next tick.
        if (state === 'unknown') return { sysinfo: true };
        return app.fleetSync.answer(id, modified_at, conns, now);
      });
    },
  );

  app.post(
    '/sysinfo',
    { schema: { tags, body: SysinfoBody, response: { 200: PlainText, ...errors } } },
    async (request, reply) => {
      const result = await registerSysinfo(db, presence, request.body, Date.now(), {
        key: app.config.secretKey,
        ip: request.ip,
      });
      if (result === 'conflict') throw idTaken();
      return reply.type('text/plain; charset=utf-8').send(result);
    },
  );

  // The client posts an empty body with `Content-Type: application/json` (spec §5.3): accept it.
  await app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, _body, done) =>
      done(null, undefined),
    );
    scope.post('/sysinfo_ver', { schema: { tags, response: { 200: PlainText } } }, async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send(SYSINFO_VERSION),
    );
  });
};
