import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../audit/audit.ts';
import { ADMIN_ROUTE_ERRORS, IdParams, Ok } from '../shared/common.ts';
import { TwoFactorStatus } from '../shared/two-factor.ts';
import { actorOf, requireArea } from './guards.ts';
import { countBackupCodes, deleteTwoFactor, findTwoFactor } from './two-factor.repo.ts';
import { requireUserInReach } from './user-reach.ts';
import { requireUser } from './users.repo.ts';

const tags = ['console: users'];

/** Admin view of a user's two-factor sign-in, and the reset for a lost phone; under /users. */
export const twoFactorAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  app.addHook('preValidation', requireArea('users'));

  app.get(
    '/:id/2fa',
    { schema: { tags, params: IdParams, response: { 200: TwoFactorStatus, ...ADMIN_ROUTE_ERRORS } } },
    async (request) => {
      const user = await requireUser(db, request.params.id);
      const row = await findTwoFactor(db, user.id);
      const enabled = row?.confirmed_at != null;
      return {
        enabled,
        backupCodesLeft: enabled ? await countBackupCodes(db, user.id) : 0,
      };
    },
  );

  // Resetting turns 2FA off; the person enrols again at their next sign-in to the console.
  app.delete(
    '/:id/2fa',
    { schema: { tags, params: IdParams, response: { 200: Ok, ...ADMIN_ROUTE_ERRORS } } },
    async (request) => {
      const user = await requireUserInReach(request, request.params.id);
      await deleteTwoFactor(db, user.id);
      await recordAudit(db, actorOf(request), 'user.2fa.reset', user.username);
      return { ok: true as const };
    },
  );
};
