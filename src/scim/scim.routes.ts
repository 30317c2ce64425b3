import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { OidcProviderRow } from '../db/schema.ts';
import { depthLimitedJsonParser } from '../http/json-body.ts';
import { metrics } from '../metrics/metrics.ts';
import { statusClass } from '../metrics/outbound.ts';
import { resourceTypes, schemas, serviceProviderConfig } from './discovery.ts';
import { SCIM_CONTENT_TYPE, sendScimError } from './errors.ts';
import { groupRoutes } from './groups.routes.ts';
import { ListResponse, Resource } from './schemas.ts';
import { authenticateScim, scimBaseUrl } from './tokens.ts';
import { userRoutes } from './users.routes.ts';

// SCIM 2.0 (RFC 7644) at /scim/v2 for identity providers' provisioning services (Entra: "Tenant URL").
// The bearer secret names the provider; every answer, errors included, is application/scim+json.

const providers = new WeakMap<FastifyRequest, { row: OidcProviderRow; baseUrl: string }>();

/** The provider (and its SCIM base URL) of an authenticated SCIM request. */
export function scimContext(request: FastifyRequest): { row: OidcProviderRow; baseUrl: string } {
  const context = providers.get(request);
  if (!context) throw new Error('SCIM route reached without authentication');
  return context;
}

export const scimRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addContentTypeParser('application/scim+json', { parseAs: 'string' }, depthLimitedJsonParser(app));
  app.setErrorHandler(sendScimError);
  // Every provisioning request, refused ones included, by status class: a failing sync shows as 4xx/5xx (issue 14).
  app.addHook('onResponse', async (_request, reply) => {
    metrics.countCall('scim', statusClass(reply.statusCode));
  });
  app.addHook('onRequest', async (request, reply) => {
    void reply.type(SCIM_CONTENT_TYPE);
    const row = await authenticateScim(request);
    providers.set(request, { row, baseUrl: scimBaseUrl(row, app.config.publicUrl) });
  });
  const tags = ['scim'];
  app.get('/ServiceProviderConfig', { schema: { tags, response: { 200: Resource } } }, async (request) =>
    serviceProviderConfig(scimContext(request).baseUrl),
  );
  app.get('/ResourceTypes', { schema: { tags, response: { 200: ListResponse } } }, async (request) =>
    resourceTypes(scimContext(request).baseUrl),
  );
  app.get('/Schemas', { schema: { tags, response: { 200: ListResponse } } }, async (request) =>
    schemas(scimContext(request).baseUrl),
  );
  await app.register(userRoutes, { prefix: '/Users' });
  await app.register(groupRoutes, { prefix: '/Groups' });
};
