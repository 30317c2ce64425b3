import type { FastifyPluginAsync } from 'fastify';
import { ldapRoutes } from './ldap.routes.ts';

/** Directory (LDAP / Active Directory) sign-in: the settings API; the sign-in itself runs in accounts/login.ts. */
export const ldapCapability: FastifyPluginAsync = async (app) => {
  await app.register(ldapRoutes, { prefix: '/api/console/settings/ldap' });
};
