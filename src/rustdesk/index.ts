import type { FastifyPluginAsync } from 'fastify';
import { accountRoutes } from './account.routes.ts';
import { deviceConfirmRoutes } from './device-confirm.routes.ts';
import { oidcRoutes } from './oidc.routes.ts';

export { pruneExpiredDeviceLogins } from './device-logins.repo.ts';

/** The HTTP API the official RustDesk client speaks (../shared/spec/rustdesk-client-api.md), under /api. */
export const rustdeskRoutes: FastifyPluginAsync = async (app) => {
  await app.register(accountRoutes, { prefix: '/api' });
  await app.register(oidcRoutes, { prefix: '/api' });
  await app.register(deviceConfirmRoutes, { prefix: '/api/oidc' });
};
