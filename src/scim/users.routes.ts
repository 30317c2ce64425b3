import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import type { Database, OidcProviderRow } from '../db/schema.ts';
import { equalityOn, listResponse, matching, parseFilter, project, type ListQuery as Query } from './list.ts';
import type { PatchOperation } from './patch.ts';
import {
  IdParams,
  ListQuery,
  ListResponse,
  PatchBody,
  ProjectionQuery,
  Resource,
  UserBody,
} from './schemas.ts';
import { scimContext } from './scim.routes.ts';
import { toUserResource } from './user-resource.ts';
import { createScimUser, deleteScimUser, findScimUser, updateScimUser } from './users.ts';

const tags = ['scim'];

/** GET /Users?filter=…: `userName`/`externalId`/`id eq` by index, any other filter over the provider's users. */
async function listUsers(db: Kysely<Database>, row: OidcProviderRow, baseUrl: string, query: Query) {
  const parsed = query.filter ? parseFilter(query.filter) : undefined;
  const eq = parsed && equalityOn(parsed, ['userName', 'externalId', 'id']);
  let select = db.selectFrom('scim_users').selectAll().where('provider_id', '=', row.id);
  if (eq?.attr === 'userName') select = select.where('user_name_key', '=', eq.value.toLowerCase());
  if (eq?.attr === 'externalId') select = select.where('external_id', '=', eq.value);
  if (eq?.attr === 'id') select = select.where('id', '=', eq.value);
  const resources = (await select.orderBy('created_at').orderBy('id').execute()).map((u) =>
    toUserResource(u, baseUrl),
  );
  return listResponse(parsed && !eq ? matching(resources, parsed) : resources, query);
}

export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  app.get(
    '/',
    { schema: { tags, querystring: ListQuery, response: { 200: ListResponse } } },
    async (request) => {
      const { row, baseUrl } = scimContext(request);
      return listUsers(db, row, baseUrl, request.query);
    },
  );
  app.get(
    '/:id',
    { schema: { tags, params: IdParams, querystring: ProjectionQuery, response: { 200: Resource } } },
    async (request) => {
      const { row, baseUrl } = scimContext(request);
      return project(toUserResource(await findScimUser(db, row, request.params.id), baseUrl), request.query);
    },
  );
  app.post('/', { schema: { tags, body: UserBody, response: { 201: Resource } } }, async (request, reply) => {
    const { row, baseUrl } = scimContext(request);
    const created = await createScimUser(db, row, request.body, request.ip);
    return reply
      .code(201)
      .header('location', `${baseUrl}/Users/${created.id}`)
      .send(toUserResource(created, baseUrl));
  });
  app.put(
    '/:id',
    { schema: { tags, params: IdParams, body: UserBody, response: { 200: Resource } } },
    async (request) => {
      const { row, baseUrl } = scimContext(request);
      const updated = await updateScimUser(db, row, request.params.id, { replace: request.body }, request.ip);
      return toUserResource(updated, baseUrl);
    },
  );
  app.patch(
    '/:id',
    { schema: { tags, params: IdParams, body: PatchBody, response: { 200: Resource } } },
    async (request) => {
      const { row, baseUrl } = scimContext(request);
      const operations = request.body.Operations as PatchOperation[];
      const updated = await updateScimUser(db, row, request.params.id, { operations }, request.ip);
      return toUserResource(updated, baseUrl);
    },
  );
  app.delete('/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    await deleteScimUser(db, scimContext(request).row, request.params.id, request.ip);
    return reply.code(204).send();
  });
};
