import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { beginConsoleSession } from '../accounts/index.ts';
import { recordAudit } from '../audit/audit.ts';
import type { PendingLoginRow } from '../db/schema.ts';
import { isSecureRequest, publicOrigin } from '../http/origin.ts';
import { sendDeviceLoginPage } from '../rustdesk/device-login-page.ts';
import { failDeviceLoginOf, finishDeviceLogin } from '../rustdesk/oidc-device-login.ts';
import { entraHint } from './entra.ts';
import { CALLBACK_PATH, completeSignIn, SignInFailed, startSignIn } from './flow.ts';
import { resolveUser, SignInRefused } from './identities.ts';
import { takePendingLogin } from './pending-logins.repo.ts';
import { findProviderById, findProviderByName, toApiProvider } from './providers.repo.ts';

const BINDING_COOKIE = 'deskgate_oidc';

/** Only same-site relative paths: an open redirect would hand sessions to another site. */
const safeReturnTo = (v: string | undefined) => (v && /^\/(?!\/)[^\\]*$/.test(v) ? v : '/');

/** The browser side of single sign-on: start at the IdP, come back to the callback. */
export const browserRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const key = app.config.secretKey;
  const failTo = (message: string, code = 'SSO_FAILED') =>
    `/login?error=${encodeURIComponent(message)}&code=${code}`;

  app.get(
    '/login/:name',
    {
      schema: {
        tags: ['sso'],
        params: Type.Object({ name: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 2000 })) }),
      },
    },
    async (request, reply) => {
      const row = await findProviderByName(db, request.params.name);
      if (!row || row.enabled !== 1)
        return reply.redirect(
          failTo(
            `There is no enabled sign-in provider named "${request.params.name}".`,
            'SSO_UNKNOWN_PROVIDER',
          ),
        );
      const origin = publicOrigin(request, app.config.publicUrl);
      try {
        const { url, binding } = await startSignIn(db, key, row, {
          origin,
          returnTo: safeReturnTo(request.query.returnTo),
          purpose: 'console',
        });
        void reply.setCookie(BINDING_COOKIE, binding, {
          path: '/api/oidc/',
          httpOnly: true,
          sameSite: 'lax',
          secure: isSecureRequest(request, app.config.publicUrl),
          maxAge: 600,
        });
        return reply.redirect(url);
      } catch (err) {
        return reply.redirect(failTo(err instanceof Error ? err.message : String(err)));
      }
    },
  );

  app.get(
    '/callback',
    {
      schema: { tags: ['sso'], querystring: Type.Record(Type.String(), Type.String({ maxLength: 10_000 })) },
    },
    async (request, reply) => {
      const query = request.query;
      const origin = publicOrigin(request, app.config.publicUrl);
      const actor = { id: null, name: '', ip: request.ip };
      void reply.clearCookie(BINDING_COOKIE, { path: '/api/oidc/' });
      if (query.error) {
        const description = query.error_description ?? '';
        const hint = entraHint(description, `${origin}${CALLBACK_PATH}`);
        const message = `The identity provider refused the sign-in: ${query.error}${description ? ` — ${description.split('\n')[0]}` : ''}.${hint ? ` ${hint}` : ''}`;
        // The state is dead either way; taking it tells a RustDesk device login apart.
        const pending = query.state
          ? await takePendingLogin(db, query.state, request.cookies[BINDING_COOKIE])
          : undefined;
        if (pending?.purpose === 'device') {
          const failure = { code: 'SSO_IDP_ERROR', message };
          return sendDeviceLoginPage(
            request,
            reply,
            await failDeviceLoginOf(db, pending, failure, request.ip),
          );
        }
        await recordAudit(db, actor, 'sso.login.failure', '', { reason: query.error, description });
        return reply.redirect(failTo(message, 'SSO_IDP_ERROR'));
      }
      let pending: PendingLoginRow | undefined;
      try {
        const signedIn = await completeSignIn(db, key, (id) => findProviderById(db, id), {
          origin,
          query,
          binding: request.cookies[BINDING_COOKIE],
        });
        const { row, claims } = signedIn;
        pending = signedIn.pending;
        if (pending.purpose === 'device') {
          const input = { pending, provider: row, claims, ip: request.ip };
          return sendDeviceLoginPage(request, reply, await finishDeviceLogin(db, key, input));
        }
        const user = await resolveUser(db, row, toApiProvider(row), claims);
        await beginConsoleSession(request, reply, user.id);
        await recordAudit(
          db,
          { id: user.id, name: user.username, ip: request.ip },
          'sso.login.success',
          user.username,
          { provider: row.name },
        );
        return reply.redirect(safeReturnTo(pending.return_to));
      } catch (err) {
        const known = err instanceof SignInFailed || err instanceof SignInRefused;
        if (!known) request.log.error({ err }, 'sso callback failed');
        const message = known
          ? err.message
          : 'The sign-in could not be completed. Try again or ask an administrator.';
        const code = known ? err.code : 'SSO_FAILED';
        const taken = err instanceof SignInFailed && err.pending ? err.pending : pending;
        if (taken?.purpose === 'device') {
          const outcome = await failDeviceLoginOf(db, taken, { code, message }, request.ip);
          return sendDeviceLoginPage(request, reply, outcome);
        }
        request.log.info({ reason: message }, 'sso sign-in refused');
        await recordAudit(db, actor, 'sso.login.failure', '', { reason: message });
        return reply.redirect(failTo(message, code));
      }
    },
  );
};
