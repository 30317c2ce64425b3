import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.ts';
import type { Database } from '../db/schema.ts';
import { AppError, toAppError } from '../errors.ts';
import { type Assignment, applyAssignment } from './assign.ts';
import { authenticateApiToken } from './bearer.ts';

const Name = Type.String({ maxLength: 200 });
/** The body `rustdesk --assign` builds (RD: src/core_main.rs): id, uuid and the options given. */
const CliBody = Type.Object(
  {
    id: Type.String({ maxLength: 100 }),
    uuid: Type.String({ maxLength: 500 }),
    user_name: Type.Optional(Name),
    strategy_name: Type.Optional(Name),
    address_book_name: Type.Optional(Name),
    address_book_tag: Type.Optional(Name),
    address_book_alias: Type.Optional(Name),
    address_book_password: Type.Optional(Type.String({ maxLength: 500 })),
    address_book_note: Type.Optional(Type.String({ maxLength: 2000 })),
    device_group_name: Type.Optional(Name),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    device_username: Type.Optional(Name),
    device_name: Type.Optional(Name),
  },
  { additionalProperties: false },
);
/** `rustdesk --deploy` (RD: src/ui_interface.rs::deploy_device): `{"id", "uuid", "pk"}`. */
const DeployBody = Type.Object(
  { id: Type.Optional(Type.String()), uuid: Type.Optional(Type.String()), pk: Type.Optional(Type.String()) },
  { additionalProperties: true },
);
/** The client's snake_case option names as an {@link Assignment}. */
function assignmentOf(n: Omit<Static<typeof CliBody>, 'id' | 'uuid'>): Assignment {
  return {
    userName: n.user_name,
    strategyName: n.strategy_name,
    addressBookName: n.address_book_name,
    addressBookTag: n.address_book_tag,
    addressBookAlias: n.address_book_alias,
    addressBookPassword: n.address_book_password,
    addressBookNote: n.address_book_note,
    deviceGroupName: n.device_group_name,
    note: n.note,
    deviceUsername: n.device_username,
    deviceName: n.device_name,
  };
}

/** The device must have registered (its sysinfo) with this very uuid. */
async function requireRegisteredDevice(db: Kysely<Database>, id: string, uuid: string): Promise<void> {
  const device = await db.selectFrom('devices').select('uuid').where('id', '=', id).executeTakeFirst();
  if (!device)
    throw new AppError(
      'NOT_FOUND',
      404,
      `Device ${id} is not registered with DeskGate yet. Start RustDesk on it once (it registers within a minute), then run --assign again.`,
    );
  if (device.uuid !== uuid)
    throw new AppError(
      'CONFLICT',
      409,
      `Device ID ${id} is registered to another machine (a different uuid).`,
    );
}

const Text = { content: { 'text/plain': { schema: Type.String() } } };
const tags = ['rustdesk client'];

/**
 * Unattended deployment (spec §5.9). The client prints whatever text it gets back ("Done!" for an empty
 * body, RD: src/core_main.rs), so refusals here answer the AppError's sentence as plain text, with its
 * status and its code in `X-DeskGate-Error-Code`; 5xx still go to the root handler (never shown).
 */
export const cliRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const key = app.config.secretKey;
  app.setErrorHandler((err, _request, reply) => {
    const e = toAppError(err);
    if (e.status >= 500) throw err;
    return reply
      .status(e.status)
      .headers({ ...e.headers, 'x-deskgate-error-code': e.code })
      .type('text/plain; charset=utf-8')
      .send(e.message);
  });

  app.post(
    '/cli',
    {
      schema: {
        tags,
        security: [{ apiToken: [] }],
        body: CliBody,
        response: { 200: Text, 400: Text, 401: Text, 403: Text, 404: Text, 409: Text },
      },
    },
    async (request, reply) => {
      const { row } = await authenticateApiToken(request, 'devices:assign');
      const { id, uuid, ...names } = request.body;
      await requireRegisteredDevice(db, id, uuid);
      const outcome = await db.transaction().execute(async (trx) => {
        const out = await applyAssignment(trx, key, id, assignmentOf(names));
        // All or nothing: a typo in one name must not leave the device half-assigned.
        if (out.missing.length > 0)
          throw new AppError('NOT_FOUND', 404, `${out.missing.join(' ')} Nothing was changed.`);
        return out;
      });
      const actor = { id: row.created_by, name: `api-token:${row.name}`, ip: request.ip };
      await recordAudit(db, actor, 'device.assign', id, outcome.applied);
      return reply.type('text/plain; charset=utf-8').send('');
    },
  );

  // DeskGate does not gate devices on deployment (an admin approves them instead): NOT_ENABLED makes the
  // client print "Server does not require deployment." (RD: src/core_main.rs, src/ui_interface.rs).
  app.post(
    '/deploy',
    {
      schema: {
        tags,
        body: DeployBody,
        response: { 200: Type.Object({ result: Type.Literal('NOT_ENABLED') }) },
      },
    },
    async () => ({ result: 'NOT_ENABLED' as const }),
  );
};
