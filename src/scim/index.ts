import type { FastifyPluginAsync } from 'fastify';
import { directoryConsoleRoutes } from './console.routes.ts';
import { scimRoutes } from './scim.routes.ts';
import { SCIM_PATH } from './tokens.ts';

/** SCIM 2.0 provisioning (issue 12): the protocol at /scim/v2, its settings under /api/console/sso. */
export const scimCapability: FastifyPluginAsync = async (app) => {
  await app.register(scimRoutes, { prefix: SCIM_PATH });
  await app.register(directoryConsoleRoutes, { prefix: '/api/console/sso' });
};
