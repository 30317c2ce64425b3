import type { FastifyPluginAsync } from 'fastify';
import { rolesRoutes } from '../roles/roles.routes.ts';
import { authRoutes } from './auth.routes.ts';
import { groupsRoutes } from './groups.routes.ts';
import { twoFactorRoutes } from './two-factor.routes.ts';
import { twoFactorAdminRoutes } from './two-factor-admin.routes.ts';
import { usersRoutes } from './users.routes.ts';

export { assertFirstAdminPassword, bootstrapAccounts, FIRST_ADMIN_USERNAME } from './bootstrap.ts';
export { beginConsoleSession, clearSessionCookie, setSessionCookie } from './cookies.ts';
export { ensureDefaultGroup, findDefaultGroup, findGroupByName } from './groups.repo.ts';
export {
  type AccessLevel,
  actorOf,
  authOf,
  CONSOLE_AREAS,
  type ConsoleArea,
  CSRF_HEADER,
  levelForMethod,
  requireAdmin,
  requireArea,
  requireSession,
} from './guards.ts';
export { verifyLocalLogin, WRONG_CREDENTIALS } from './login.ts';
export { hashPassword, verifyPassword } from './passwords.ts';
export { createSession, deleteUserSessions, pruneExpiredSessions } from './sessions.ts';
export { setSsoHandOff } from './sso-hand-off.ts';
export { insertChallenge } from './two-factor.repo.ts';
export { hasTwoFactor, passChallenge, ssoNeedsSecondFactor, ssoSecondFactorUrl } from './two-factor.ts';
export {
  findUserById,
  findUserByUsername,
  insertUser,
  requireUser,
  toApiUser,
  touchLastLogin,
  updateUser,
} from './users.repo.ts';

/** Console API for accounts, mounted under /api/console. */
export const accountsRoutes: FastifyPluginAsync = async (app) => {
  await app.register(authRoutes, { prefix: '/auth' });
  await app.register(twoFactorRoutes, { prefix: '/auth' });
  await app.register(usersRoutes, { prefix: '/users' });
  await app.register(twoFactorAdminRoutes, { prefix: '/users' });
  await app.register(groupsRoutes, { prefix: '/groups' });
  await app.register(rolesRoutes, { prefix: '/roles' });
};
