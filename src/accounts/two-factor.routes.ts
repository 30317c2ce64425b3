import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../audit/audit.ts';
import { AppError } from '../errors.ts';
import { publicOrigin } from '../http/origin.ts';
import { safeReturnTo } from '../http/return-to.ts';
import { findSessionRole } from '../roles/roles.repo.ts';
import { ErrorResponse, Ok } from '../shared/common.ts';
import {
  BackupCodes,
  SecondFactorAnswer,
  SecondFactorDone,
  TwoFactorConfirm,
  TwoFactorDisable,
  TwoFactorEnrolment,
  TwoFactorStatus,
} from '../shared/two-factor.ts';
import { beginConsoleSession } from './cookies.ts';
import { actorOf, authOf, requireSession } from './guards.ts';
import { verifyPassword } from './passwords.ts';
import { takeSsoHandOff } from './sso-hand-off.ts';
import { reserveAttempt } from './throttle.ts';
import { countBackupCodes, deleteTwoFactor, findTwoFactor } from './two-factor.repo.ts';
import { checkSecondFactor, finishEnrolment, passChallenge, startEnrolment } from './two-factor.ts';
import { toApiUser, touchLastLogin } from './users.repo.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  409: ErrorResponse,
  429: ErrorResponse,
};
const tags = ['console: two-factor'];

/** The signed-in user's own TOTP (status, enrol, confirm, turn off) and the login's code step; under /auth. */
export const twoFactorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const key = app.config.secretKey;

  app.post(
    '/login/second-factor',
    { schema: { tags, body: SecondFactorAnswer, response: { 200: SecondFactorDone, ...errors } } },
    async (request, reply) => {
      const { challenge, code } = request.body;
      const passed = await passChallenge(db, key, {
        challengeId: challenge,
        purpose: 'console',
        code,
        ip: request.ip,
      });
      const { user } = passed;
      const sso = takeSsoHandOff(request, reply, passed.challenge.id_hash);
      const session = await beginConsoleSession(request, reply, user.id, sso);
      await touchLastLogin(db, user.id);
      await recordAudit(
        db,
        { id: user.id, name: user.username, ip: request.ip },
        'auth.login',
        user.username,
        {
          method: passed.challenge.method,
          secondFactor: passed.factor,
        },
      );
      return {
        user: toApiUser(user),
        csrfToken: session.csrfToken,
        ...(await findSessionRole(db, user)),
        // The origin is only the base the path is resolved against; the answer is a path on it or '/'.
        returnTo: safeReturnTo(passed.challenge.return_to, publicOrigin(request, app.config.publicUrl)),
      };
    },
  );

  app.get(
    '/2fa',
    { preHandler: requireSession, schema: { tags, response: { 200: TwoFactorStatus, ...errors } } },
    async (request) => {
      const { user } = authOf(request);
      const row = await findTwoFactor(db, user.id);
      return {
        enabled: row?.confirmed_at != null,
        backupCodesLeft: row?.confirmed_at != null ? await countBackupCodes(db, user.id) : 0,
      };
    },
  );

  app.post(
    '/2fa/enrol',
    { preHandler: requireSession, schema: { tags, response: { 200: TwoFactorEnrolment, ...errors } } },
    async (request) => startEnrolment(db, key, authOf(request).user),
  );

  app.post(
    '/2fa/confirm',
    {
      preHandler: requireSession,
      schema: { tags, body: TwoFactorConfirm, response: { 200: BackupCodes, ...errors } },
    },
    async (request) => {
      const { user } = authOf(request);
      const backupCodes = await finishEnrolment(db, key, user, request.body.code);
      await recordAudit(db, actorOf(request), 'user.2fa.enable', user.username);
      return { backupCodes };
    },
  );

  app.post(
    '/2fa/disable',
    {
      preHandler: requireSession,
      schema: { tags, body: TwoFactorDisable, response: { 200: Ok, ...errors } },
    },
    async (request) => {
      const { user } = authOf(request);
      const { code, password } = request.body;
      // A stolen session must not become an unthrottled oracle for the code or the password.
      const attempt = await reserveAttempt(db, { kind: '2fa', username: user.username, ip: request.ip });
      const proven =
        (code !== undefined && (await checkSecondFactor(db, key, user.id, code)) !== undefined) ||
        (password !== undefined && (await verifyPassword(user.password_hash, password)));
      if (!proven) {
        await recordAudit(db, actorOf(request), 'auth.2fa.failure', user.username, { purpose: 'disable' });
        throw new AppError(
          'INVALID_CODE',
          400,
          'Enter a current code from your authenticator app (or your password) to turn two-factor sign-in off.',
        );
      }
      await attempt.succeeded();
      await deleteTwoFactor(db, user.id);
      await recordAudit(db, actorOf(request), 'user.2fa.disable', user.username);
      return { ok: true as const };
    },
  );
};
