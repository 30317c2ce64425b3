import fastifyFormbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { beginConsoleSession, setSsoHandOff, ssoSecondFactorUrl } from '../accounts/index.ts';
import { recordAudit } from '../audit/audit.ts';
import type { PendingLoginRow } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { isSecureRequest } from '../http/origin.ts';
import { safeReturnTo } from '../http/return-to.ts';
import { sendDeviceLoginStep } from '../rustdesk/device-confirm-page.ts';
import { sendDeviceLoginPage } from '../rustdesk/device-login-page.ts';
import { failDeviceLoginOf, finishDeviceLogin } from '../rustdesk/oidc-device-login.ts';
import { toLoginErrorCode } from '../shared/login-errors.ts';
import { browserLoginOrigin, providerOrigin, registeredCallbackUrl } from './callback-origin.ts';
import { entraHint, entraLoginCode } from './entra.ts';
import { type AuthorizationResponse, completeSignIn, SignInFailed, startSignIn } from './flow.ts';
import { formPostFields, sendResubmitPage } from './form-post.ts';
import { resolveUser, SignInRefused } from './identities.ts';
import { DiscoveryFailed, FAULT_CODES } from './idp-faults.ts';
import { sidOf } from './idp-logout.ts';
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

/** The fields of an authorization response, whether in the query (GET) or a form_post body (POST). */
const CallbackFields = Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 20_000 }));

/** The browser side of single sign-on: start at the IdP, come back to the callback. */
export const browserRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const key = app.config.secretKey;
  // Only a known code goes to /login (shared/login-errors.ts); the detail stays in the log and audit trail.
  const failTo = (code: string) => `/login?code=${toLoginErrorCode(code)}`;

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
      if (!row || row.enabled !== 1) {
        request.log.info({ provider: request.params.name }, 'sso sign-in: no such enabled provider');
        return reply.redirect(failTo('SSO_UNKNOWN_PROVIDER'));
      }
      try {
        const origin = browserLoginOrigin(request, row, app.config.publicUrl);
        const { url, binding } = await startSignIn(db, key, app.config, row, {
          origin,
          returnTo: safeReturnTo(request.query.returnTo, origin),
          purpose: 'console',
        });
        // Lax on purpose, also for form_post: a cross-site POST without it is re-posted from our own
        // origin, which works on plain http where SameSite=None (Secure only) cannot (form-post.ts).
        setBindingCookie(request, reply, binding);
        return reply.redirect(url);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        request.log.warn({ err, provider: row.name }, 'sso sign-in could not start');
        await recordAudit(db, { id: null, name: '', ip: request.ip }, 'sso.login.failure', '', {
          provider: row.name,
          reason,
        });
        const unavailable = err instanceof AppError && err.code === 'PROVIDER_ERROR';
        const known = err instanceof AppError && err.code.startsWith('SSO_') ? err.code : 'SSO_FAILED';
        const fault = err instanceof DiscoveryFailed ? FAULT_CODES[err.fault] : undefined;
        return reply.redirect(failTo(fault ?? (unavailable ? 'SSO_PROVIDER_UNAVAILABLE' : known)));
      }
    },
  );

  /** The callback, whichever way the response came (query or form_post); `params` are its fields. */
  async function callback(request: FastifyRequest, reply: FastifyReply, params: AuthorizationResponse) {
    const publicUrl = app.config.publicUrl;
    const actor = { id: null, name: '', ip: request.ip };
    void reply.clearCookie(BINDING_COOKIE, { path: '/api/oidc/' });
    const test = await findTestByState(db, params.state);
    if (test)
      return reply.redirect(
        await completeTestSignIn(db, key, app.config, test.id, {
          publicUrl,
          params,
          binding: request.cookies[BINDING_COOKIE],
        }),
      );
    if (params.error) {
      const description = params.error_description ?? '';
      // The state is dead either way; taking it tells a RustDesk device login apart.
      const pending = params.state
        ? await takePendingLogin(db, params.state, request.cookies[BINDING_COOKIE])
        : undefined;
      const hint = entraHint(description, await registeredCallbackUrl(db, pending?.provider_id, publicUrl));
      const message = `The identity provider refused the sign-in: ${params.error}${description ? ` — ${description.split('\n')[0]}` : ''}.${hint ? ` ${hint}` : ''}`;
      if (pending?.purpose === 'device') {
        const failure = { code: 'SSO_IDP_ERROR', message };
        return sendDeviceLoginPage(request, reply, await failDeviceLoginOf(db, pending, failure, request.ip));
      }
      request.log.info({ reason: message }, 'sso sign-in refused by the identity provider');
      await recordAudit(db, actor, 'sso.login.failure', '', {
        reason: params.error,
        description,
        message,
        // The dashboard's provider health attributes the failure to its provider.
        providerId: pending?.provider_id ?? '',
      });
      const code =
        entraLoginCode(description) ??
        (params.error === 'access_denied' ? 'SSO_IDP_DENIED' : 'SSO_IDP_ERROR');
      return reply.redirect(failTo(code));
    }
    let pending: PendingLoginRow | undefined;
    try {
      const signedIn = await completeSignIn(db, key, app.config, (id) => findProviderById(db, id), {
        publicUrl,
        params,
        binding: request.cookies[BINDING_COOKIE],
      });
      const { row, claims, idToken, idTokenClaims } = signedIn;
      pending = signedIn.pending;
      if (pending.purpose === 'device') {
        // No token yet: DeskGate's own confirmation page asks the person first (issue 9 §1).
        const input = { pending, provider: row, claims, ip: request.ip, sid: sidOf(idTokenClaims) };
        return sendDeviceLoginStep(request, reply, await finishDeviceLogin(db, input));
      }
      const provider = toApiProvider(row);
      const user = await resolveUser(db, row, provider, claims, request.ip);
      // Local 2FA after SSO only when the provider says so (skipLocal2fa false): ask for the code first.
      const returnTo = safeReturnTo(pending.return_to, providerOrigin(row, publicUrl));
      const origin = {
        providerId: row.id,
        // GitHub (OAuth 2.0) gives no ID token, and has no end-session endpoint to hint anyway.
        idTokenSealed: idToken ? sealSessionIdToken(key, user.id, idToken) : null,
        sid: sidOf(idTokenClaims),
      };
      const secondFactor = await ssoSecondFactorUrl(db, user, { ...provider, returnTo });
      if (secondFactor) {
        setSsoHandOff(request, reply, secondFactor.challenge, origin);
        return reply.redirect(secondFactor.url);
      }
      await beginConsoleSession(request, reply, user.id, origin);
      await recordAudit(
        db,
        { id: user.id, name: user.username, ip: request.ip },
        'sso.login.success',
        user.username,
        { provider: row.name },
      );
      return reply.redirect(returnTo);
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
      // Admins read the specifics in the audit trail, also of an unexpected failure.
      const detail = known ? message : err instanceof Error ? err.message : String(err);
      await recordAudit(db, actor, 'sso.login.failure', '', {
        reason: detail,
        code,
        providerId: taken?.provider_id ?? '',
      });
      return reply.redirect(failTo(code));
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
