import type { FastifyPluginAsync } from 'fastify';
import { browserRoutes } from './browser.routes.ts';
import { identityRoutes } from './identities.routes.ts';
import { idpLogoutRoutes } from './idp-logout.routes.ts';
import { loginProviderRoutes, providerRoutes } from './sso.routes.ts';
import { testResultRoutes, testSignInStartRoutes } from './test-sign-in.routes.ts';

export { pruneExpiredPendingLogins } from './pending-logins.repo.ts';

/** Single sign-on: console API under /api/console, browser flow under /api/oidc. */
export const ssoRoutes: FastifyPluginAsync = async (app) => {
  await app.register(providerRoutes, { prefix: '/api/console/sso' });
  await app.register(loginProviderRoutes, { prefix: '/api/console/auth' });
  await app.register(browserRoutes, { prefix: '/api/oidc' });
  await app.register(testSignInStartRoutes, { prefix: '/api/oidc' });
  await app.register(testResultRoutes, { prefix: '/api/console/sso' });
  await app.register(identityRoutes, { prefix: '/api/console/users' });
  await app.register(idpLogoutRoutes, { prefix: '/api/oidc' });
};
