import type { FastifyPluginAsync } from 'fastify';
import { emailSettingsRoutes, userMailRoutes } from './email.routes.ts';
import { passwordResetRoutes } from './password-reset.routes.ts';

/**
 * Email: SMTP settings, invitations, password reset and email login verification. The codes of the
 * latter are sent from the login paths (accounts/auth.routes.ts, rustdesk/password-login.ts).
 */
export const emailCapability: FastifyPluginAsync = async (app) => {
  await app.register(emailSettingsRoutes, { prefix: '/api/console/settings/email' });
  await app.register(userMailRoutes, { prefix: '/api/console/users' });
  await app.register(passwordResetRoutes, { prefix: '/api/console/auth' });
};
