import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, authOf, requireArea } from '../accounts/index.ts';
import { recordAudit } from '../audit/audit.ts';
import { ADMIN_ROUTE_ERRORS, IdParams } from '../shared/common.ts';
import { TestSignInOutcome } from '../shared/sso.ts';
import { setBindingCookie } from './browser.routes.ts';
import { browserLoginOrigin } from './callback-origin.ts';
import { findProviderById } from './providers.repo.ts';
import { findTestOutcome, recordTestFailure, startTestSignIn } from './test-sign-in.ts';

/** Settings → OIDC → Test sign-in, opened in a new tab by an admin: off to the IdP, even when disabled. */
export const testSignInStartRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  app.get(
    '/test/:id',
    {
      preValidation: requireArea('settings'),
      schema: { tags: ['sso'], params: IdParams, response: ADMIN_ROUTE_ERRORS },
    },
    async (request, reply) => {
      const row = await findProviderById(db, request.params.id);
      const { user } = authOf(request);
      try {
        const started = await startTestSignIn(db, app.config.secretKey, app.config, row, {
          origin: browserLoginOrigin(request, row, app.config.publicUrl),
          userId: user.id,
        });
        setBindingCookie(request, reply, started.binding);
        await recordAudit(db, actorOf(request), 'sso.provider.test_sign_in', row.name);
        return reply.redirect(started.url);
      } catch (err) {
        // Discovery failed before the IdP was reached: the result page says so, in words.
        const message = err instanceof Error ? err.message : String(err);
        return reply.redirect(await recordTestFailure(db, { userId: user.id, providerId: row.id, message }));
      }
    },
  );
};

/** The result page's data: readable only by the admin who started the test. */
export const testResultRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preValidation', requireArea('settings'));
  app.get(
    '/test-results/:id',
    {
      schema: {
        tags: ['console: sso'],
        params: IdParams,
        response: { 200: TestSignInOutcome, ...ADMIN_ROUTE_ERRORS },
      },
    },
    async (request) => findTestOutcome(app.db.kysely, request.params.id, authOf(request).user.id),
  );
};
