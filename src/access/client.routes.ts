import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { authenticateClient } from '../rustdesk/tokens.ts';
import { ErrorResponse } from '../shared/common.ts';
import { listClientDeviceGroups, listClientPeers, listClientUsers } from './listings.repo.ts';

// Wire shapes of the client's "Accessible devices" tab (spec §7, flutter/lib/models/group_model.dart).
const pageParams = {
  current: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
};
// Unknown keys allowed: a newer client may add parameters. `accessible=` is sent empty and changes
// nothing here (every listing is already what the caller may access); `status=1` asks for enabled ones.
const PageOnly = Type.Object(pageParams, { additionalProperties: true });
const Filtered = Type.Object(
  {
    ...pageParams,
    accessible: Type.Optional(Type.String({ maxLength: 100 })),
    status: Type.Optional(Type.Integer({ minimum: -1, maximum: 2 })),
  },
  { additionalProperties: true },
);
const errors = { 400: ErrorResponse, 401: ErrorResponse };
const PageOf = (item: Parameters<typeof Type.Array>[0]) =>
  Type.Object({ total: Type.Integer(), data: Type.Array(item) });

const DeviceGroupPage = PageOf(Type.Object({ name: Type.String() }));
const UserPage = PageOf(
  Type.Object({
    name: Type.String(),
    display_name: Type.String(),
    avatar: Type.String(),
    email: Type.String(),
    note: Type.String(),
    status: Type.Integer(),
    is_admin: Type.Boolean(),
    info: Type.Object({}),
  }),
);
const PeerPage = PageOf(
  Type.Object({
    id: Type.String(),
    status: Type.Integer(),
    user: Type.String(),
    user_name: Type.String(),
    device_group_name: Type.String(),
    note: Type.String(),
    info: Type.Object({ username: Type.String(), os: Type.String(), device_name: Type.String() }),
  }),
);
const tags = ['rustdesk client: accessible devices'];

/** §7: the three listings behind the client's "Accessible devices" tab, mounted under /api. */
export const accessClientRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const viewer = async (request: FastifyRequest) => (await authenticateClient(request)).user;

  app.get(
    '/device-group/accessible',
    { schema: { tags, querystring: PageOnly, response: { 200: DeviceGroupPage, ...errors } } },
    async (request) => listClientDeviceGroups(db, await viewer(request), request.query),
  );

  app.get(
    '/users',
    { schema: { tags, querystring: Filtered, response: { 200: UserPage, ...errors } } },
    async (request) => {
      const user = await viewer(request);
      return listClientUsers(db, user, request.query, request.query.status === 1);
    },
  );

  app.get(
    '/peers',
    { schema: { tags, querystring: Filtered, response: { 200: PeerPage, ...errors } } },
    async (request) => listClientPeers(db, await viewer(request), request.query),
  );
};
