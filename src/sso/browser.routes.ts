import fastifyFormbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { beginConsoleSession, ssoSecondFactorUrl } from '../accounts/index.ts';
import { recordAudit } from '../audit/audit.ts';
import type { PendingLoginRow } from '../db/schema.ts';
import { isSecureRequest, publicOrigin } from '../http/origin.ts';
import { sendDeviceLoginPage } from '../rustdesk/device-login-page.ts';
import { failDeviceLoginOf, finishDeviceLogin } from '../rustdesk/oidc-device-login.ts';
import { entraHint } from './entra.ts';
import {
  type AuthorizationResponse,
  CALLBACK_PATH,
  completeSignIn,
  SignInFailed,
  startSignIn,
} from './flow.ts';
import { formPostFields, sendResubmitPage } from './form-post.ts';
import { resolveUser, SignInRefused } from './identities.ts';
import { DiscoveryFailed, FAULT_CODES } from './idp-faults.ts';
import { sealSessionIdToken } from './logout.ts';
import { takePendingLogin } from './pending-logins.repo.ts';
import { findProviderById, findProviderByName, toApiProvider } from './providers.repo.ts';
import { completeTestSignIn, findTestByState } from './test-sign-in.ts';

const BINDING_COOKIE = 'deskgate_oidc';

/** Binds a pending login to this browser (HttpOnly, only sent to /api/oidc/, for its ten minutes). */
export function setBindingCookie(request: FastifyRequest, reply: FastifyReply, binding: string): void {
  void reply.setCookie(BINDING_COOKIE, binding, {
    path: '/api/oidc/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureRequest(request, request.server.config.publicUrl),
    maxAge: 600,
  });
}

/** Only same-site relative paths: an open redirect would hand sessions to another site. */
const safeReturnTo = (v: string | undefined) => (v && /^\/(?!\/)[^\\]*$/.test(v) ? v : '/');

/** The fields of an authorization response, whether in the query (GET) or a form_post body (POST). */
const CallbackFields = Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 20_000 }));

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
        const { url, binding } = await startSignIn(db, key, app.config, row, {
          origin,
          returnTo: safeReturnTo(request.query.returnTo),
          purpose: 'console',
        });
        // Lax on purpose, also for form_post: a cross-site POST without it is re-posted from our own
        // origin, which works on plain http where SameSite=None (Secure only) cannot (form-post.ts).
        setBindingCookie(request, reply, binding);
        return reply.redirect(url);
      } catch (err) {
        const code = err instanceof DiscoveryFailed ? FAULT_CODES[err.fault] : undefined;
        return reply.redirect(failTo(err instanceof Error ? err.message : String(err), code));
      }
    },
  );

  /** The callback, whichever way the response came (query or form_post); `params` are its fields. */
  async function callback(request: FastifyRequest, reply: FastifyReply, params: AuthorizationResponse) {
    const origin = publicOrigin(request, app.config.publicUrl);
    const actor = { id: null, name: '', ip: request.ip };
    void reply.clearCookie(BINDING_COOKIE, { path: '/api/oidc/' });
    const test = await findTestByState(db, params.state);
    if (test)
      return reply.redirect(
        await completeTestSignIn(db, key, app.config, test.id, {
          origin,
          params,
          binding: request.cookies[BINDING_COOKIE],
        }),
      );
    if (params.error) {
      const description = params.error_description ?? '';
      const hint = entraHint(description, `${origin}${CALLBACK_PATH}`);
      const message = `The identity provider refused the sign-in: ${params.error}${description ? ` — ${description.split('\n')[0]}` : ''}.${hint ? ` ${hint}` : ''}`;
      // The state is dead either way; taking it tells a RustDesk device login apart.
      const pending = params.state
        ? await takePendingLogin(db, params.state, request.cookies[BINDING_COOKIE])
        : undefined;
      if (pending?.purpose === 'device') {
        const failure = { code: 'SSO_IDP_ERROR', message };
        return sendDeviceLoginPage(request, reply, await failDeviceLoginOf(db, pending, failure, request.ip));
      }
      await recordAudit(db, actor, 'sso.login.failure', '', { reason: params.error, description });
      return reply.redirect(failTo(message, 'SSO_IDP_ERROR'));
    }
    let pending: PendingLoginRow | undefined;
    try {
      const signedIn = await completeSignIn(db, key, app.config, (id) => findProviderById(db, id), {
        origin,
        params,
        binding: request.cookies[BINDING_COOKIE],
      });
      const { row, claims, idToken } = signedIn;
      pending = signedIn.pending;
      if (pending.purpose === 'device') {
        const input = { pending, provider: row, claims, ip: request.ip };
        return sendDeviceLoginPage(request, reply, await finishDeviceLogin(db, key, input));
      }
      const provider = toApiProvider(row);
      const user = await resolveUser(db, row, provider, claims, request.ip);
      // Local 2FA after SSO only when the provider says so (skipLocal2fa false): ask for the code first.
      const secondFactorUrl = await ssoSecondFactorUrl(db, user, {
        ...provider,
        returnTo: pending.return_to,
      });
      if (secondFactorUrl) return reply.redirect(secondFactorUrl);
      await beginConsoleSession(request, reply, user.id, {
        providerId: row.id,
        // GitHub (OAuth 2.0) gives no ID token, and has no end-session endpoint to hint anyway.
        idTokenSealed: idToken ? sealSessionIdToken(key, user.id, idToken) : null,
      });
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
  }

  // form_post needs a urlencoded body parser, registered for the callback alone.
  const callbackRoutes: FastifyPluginAsyncTypebox = async (scope) => {
    await scope.register(fastifyFormbody);
    scope.get('/callback', { schema: { tags: ['sso'], querystring: CallbackFields } }, (request, reply) =>
      callback(request, reply, request.query),
    );
    scope.post('/callback', { schema: { tags: ['sso'], body: CallbackFields } }, (request, reply) => {
      const { params, resubmitted } = formPostFields(request.headers['content-type'], request.body);
      const bound = request.cookies[BINDING_COOKIE] !== undefined;
      if (!bound && !resubmitted && !params.error) return sendResubmitPage(reply, params);
      return callback(request, reply, params);
    });
  };
  await app.register(callbackRoutes);
};
