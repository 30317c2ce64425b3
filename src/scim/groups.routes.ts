import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database, OidcProviderRow } from '../db/schema.ts';
import {
  createScimGroup,
  deleteScimGroup,
  findScimGroup,
  memberIdsOf,
  toGroupResource,
  updateScimGroup,
} from './groups.ts';
import { equalityOn, listResponse, matching, parseFilter, project, type ListQuery as Query } from './list.ts';
import type { Attributes, PatchOperation } from './patch.ts';
import {
  GroupBody,
  IdParams,
  ListQuery,
  ListResponse,
  PatchBody,
  ProjectionQuery,
  Resource,
} from './schemas.ts';
import { scimContext } from './scim.routes.ts';

const tags = ['scim'];

/** Entra reads groups with `excludedAttributes=members`; members are loaded only when they are returned. */
const wantsMembers = (query: Pick<Query, 'attributes' | 'excludedAttributes'>) =>
  !/(^|,)\s*members\s*(,|$)/i.test(query.excludedAttributes ?? '') &&
  (!query.attributes || /(^|,)\s*members\s*(,|$)/i.test(query.attributes));

async function groupResource(
  db: Kysely<Database>,
  row: OidcProviderRow,
  id: string,
  baseUrl: string,
  query: Pick<Query, 'attributes' | 'excludedAttributes'>,
): Promise<Attributes> {
  const group = await findScimGroup(db, row, id);
  const members = wantsMembers(query) ? await memberIdsOf(db, id) : undefined;
  return project(toGroupResource(group, members, baseUrl), query);
}

async function listGroups(db: Kysely<Database>, row: OidcProviderRow, baseUrl: string, query: Query) {
  const parsed = query.filter ? parseFilter(query.filter) : undefined;
  const eq = parsed && equalityOn(parsed, ['displayName', 'externalId', 'id']);
  let select = db.selectFrom('scim_groups').selectAll().where('provider_id', '=', row.id);
  if (eq?.attr === 'displayName')
    select = select.where(sql<string>`lower(display_name)`, '=', eq.value.toLowerCase());
  if (eq?.attr === 'externalId') select = select.where('external_id', '=', eq.value);
  if (eq?.attr === 'id') select = select.where('id', '=', eq.value);
  const rows = await select.orderBy('created_at').orderBy('id').execute();
  const members = wantsMembers(query) || (parsed && !eq);
  const resources: Attributes[] = [];
  for (const g of rows)
    resources.push(toGroupResource(g, members ? await memberIdsOf(db, g.id) : undefined, baseUrl));
  return listResponse(parsed && !eq ? matching(resources, parsed) : resources, query);
}

export const groupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  app.get(
    '/',
    { schema: { tags, querystring: ListQuery, response: { 200: ListResponse } } },
    async (request) => {
      const { row, baseUrl } = scimContext(request);
      return listGroups(db, row, baseUrl, request.query);
    },
  );
  app.get(
    '/:id',
    { schema: { tags, params: IdParams, querystring: ProjectionQuery, response: { 200: Resource } } },
    async (request) => {
      const { row, baseUrl } = scimContext(request);
      return groupResource(db, row, request.params.id, baseUrl, request.query);
    },
  );
  app.post(
    '/',
    { schema: { tags, body: GroupBody, response: { 201: Resource } } },
    async (request, reply) => {
      const { row, baseUrl } = scimContext(request);
      const group = await createScimGroup(db, row, request.body, request.ip);
      const resource = toGroupResource(group, await memberIdsOf(db, group.id), baseUrl);
      return reply.code(201).header('location', `${baseUrl}/Groups/${group.id}`).send(resource);
    },
  );
  app.put(
    '/:id',
    { schema: { tags, params: IdParams, body: GroupBody, response: { 200: Resource } } },
    async (request) => {
      const { row, baseUrl } = scimContext(request);
      await updateScimGroup(db, row, request.params.id, { replace: request.body }, request.ip);
      return groupResource(db, row, request.params.id, baseUrl, {});
    },
  );
  // Entra expects 204 No Content for a group PATCH ("Tutorial: Develop and plan provisioning", Update Group).
  app.patch('/:id', { schema: { tags, params: IdParams, body: PatchBody } }, async (request, reply) => {
    const operations = request.body.Operations as PatchOperation[];
    await updateScimGroup(db, scimContext(request).row, request.params.id, { operations }, request.ip);
    return reply.code(204).send();
  });
  app.delete('/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    await deleteScimGroup(db, scimContext(request).row, request.params.id, request.ip);
    return reply.code(204).send();
  });
};
