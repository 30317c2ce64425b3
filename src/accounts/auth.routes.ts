import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { recordAudit } from '../audit/audit.ts';
import { startEmailChallenge } from '../email/login-code.ts';
import { AppError } from '../errors.ts';
import { publicOrigin } from '../http/origin.ts';
import { findSessionRole } from '../roles/roles.repo.ts';
import { LoginRequest, LogoutResult, PasswordChange, SessionInfo } from '../shared/accounts.ts';
import { ErrorResponse, Ok } from '../shared/common.ts';
import { SecondFactorRequired } from '../shared/two-factor.ts';
import { endSessionUrlFor } from '../sso/logout.ts';
import { assertPasswordSignInAllowed } from '../sso/password-policy.ts';
import { beginConsoleSession, clearSessionCookie } from './cookies.ts';
import { actorOf, authOf, requireSession } from './guards.ts';
import { verifyLocalLogin } from './login.ts';
import { replacePassword } from './password-change.ts';
import { assertStrongPassword } from './password-strength.ts';
import { verifyPassword } from './passwords.ts';
import { deleteSession, SESSION_COOKIE } from './sessions.ts';
import { reserveAttempt } from './throttle.ts';
import { CHALLENGE_TTL_MS, insertChallenge } from './two-factor.repo.ts';
import { hasTwoFactor } from './two-factor.ts';
import { toApiUser } from './users.repo.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse };
/** Sign-in can also meet the directory down (503 LDAP_UNAVAILABLE) or the mail of a code failing (502 EMAIL_FAILED). */
const loginErrors = { ...errors, 502: ErrorResponse, 503: ErrorResponse };

/** Console sign-in with a local password, the session, sign-out and password change. */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;

  app.post(
    '/login',
    {
      schema: {
        tags: ['console'],
        body: LoginRequest,
        response: { 200: Type.Union([SessionInfo, SecondFactorRequired]), ...loginErrors },
      },
    },
    async (request, reply) => {
      const user = await verifyLocalLogin(db, { ...request.body, ip: request.ip }, app.config.secretKey);
      await assertPasswordSignInAllowed(db, user);
      if (await hasTwoFactor(db, user.id)) {
        // The password was right; the session starts only after the code (two-factor.routes.ts).
        const challenge = await insertChallenge(db, {
          userId: user.id,
          usernameKey: user.username_key,
          purpose: 'console',
          method: 'password',
        });
        return { secondFactor: { challenge, expiresAt: Date.now() + CHALLENGE_TTL_MS } };
      }
      const emailed = await startEmailChallenge(db, app.config.secretKey, user, {
        userId: user.id,
        usernameKey: user.username_key,
        purpose: 'console',
        method: 'password',
      });
      if (emailed) return { secondFactor: { ...emailed, method: 'email' as const } };
      const session = await beginConsoleSession(request, reply, user.id);
      await recordAudit(
        db,
        { id: user.id, name: user.username, ip: request.ip },
        'auth.login',
        user.username,
        { method: 'password' },
      );
      return { user: toApiUser(user), csrfToken: session.csrfToken, ...(await findSessionRole(db, user)) };
    },
  );

  app.get(
    '/session',
    {
      preHandler: requireSession,
      schema: { tags: ['console'], response: { 200: SessionInfo, 401: ErrorResponse } },
    },
    async (request) => {
      const { user, session } = authOf(request);
      return { user: toApiUser(user), csrfToken: session.csrf_token, ...(await findSessionRole(db, user)) };
    },
  );

  app.post(
    '/logout',
    {
      preHandler: requireSession,
      schema: { tags: ['console'], response: { 200: LogoutResult, ...errors } },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      const session = token ? await deleteSession(db, token) : undefined;
      clearSessionCookie(request, reply);
      // The local session is gone whatever the IdP does; an unreachable IdP only skips its logout.
      const endSessionUrl = session
        ? await endSessionUrlFor(
            db,
            app.config.secretKey,
            app.config,
            session,
            publicOrigin(request, app.config.publicUrl),
          ).catch((err: unknown) => {
            request.log.warn({ err }, 'RP-initiated logout skipped');
            return null;
          })
        : null;
      return { ok: true as const, endSessionUrl };
    },
  );

  app.post(
    '/password',
    {
      preHandler: requireSession,
      schema: { tags: ['console'], body: PasswordChange, response: { 200: Ok, ...errors } },
    },
    async (request, reply) => {
      const { user } = authOf(request);
      // A stolen session must not become an unthrottled oracle for the password.
      const attempt = await reserveAttempt(db, { kind: 'pw', username: user.username, ip: request.ip });
      if (!(await verifyPassword(user.password_hash, request.body.currentPassword))) {
        await recordAudit(db, actorOf(request), 'auth.login.failure', user.username, {
          method: 'password',
          purpose: 'password-change',
        });
        throw new AppError(
          'INVALID_CREDENTIALS',
          400,
          'The current password is wrong; type it again.',
          {},
          'current-password',
        );
      }
      await attempt.succeeded();
      await assertStrongPassword(request.body.newPassword, [user.username, user.display_name]);
      // Every session (a stolen cookie, another browser) and every RustDesk client token ends; this
      // browser continues with a new session.
      await replacePassword(db, user, request.body.newPassword);
      await beginConsoleSession(request, reply, user.id);
      await recordAudit(
        db,
        { id: user.id, name: user.username, ip: request.ip },
        'user.password.change',
        user.username,
      );
      return { ok: true as const };
    },
  );
};
