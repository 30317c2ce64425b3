import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { replacePassword } from '../accounts/password-change.ts';
import { assertStrongPassword } from '../accounts/password-strength.ts';
import { reserveAttempt } from '../accounts/throttle.ts';
import { findUserById } from '../accounts/users.repo.ts';
import { recordAudit } from '../audit/audit.ts';
import { AppError } from '../errors.ts';
import { ErrorResponse, Ok } from '../shared/common.ts';
import { EmailFeatures, PasswordResetRequest, SetPasswordRequest } from '../shared/email.ts';
import { findLink, takeLink } from './links.repo.ts';
import { notConfigured, sendPasswordLink } from './password-links.ts';
import { loadMailConfig } from './settings.repo.ts';

const errors = { 400: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse };
const tags = ['console'];

/** The login page's email features: password reset by email and setting a password from a link; under /auth. */
export const passwordResetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const key = app.config.secretKey;

  app.get('/email-features', { schema: { tags, response: { 200: EmailFeatures } } }, async () => ({
    passwordReset: (await loadMailConfig(db, key)) !== undefined,
  }));

  // One answer whatever the address: the lookup and the mail run after the reply, so neither words
  // nor timing tell whether an account has it. Throttled per address and per (email, address).
  app.post(
    '/password-reset',
    { schema: { tags, body: PasswordResetRequest, response: { 200: Ok, ...errors } } },
    async (request) => {
      const config = await loadMailConfig(db, key);
      if (!config) throw notConfigured();
      const email = request.body.email.trim().toLowerCase();
      await reserveAttempt(db, { kind: 'pw', username: `reset:${email}`, ip: request.ip });
      // Never the request's Host: a forged one would mail the victim a link to the attacker's host.
      const origin = app.config.publicUrl ?? config.linkOrigin;
      void (async () => {
        const matches = await db
          .selectFrom('users')
          .leftJoin('ldap_accounts', 'ldap_accounts.user_id', 'users.id')
          .select(['users.id', 'users.username', 'users.status', 'ldap_accounts.user_id as directory'])
          .where(sql<string>`lower(users.email)`, '=', email)
          .limit(2)
          .execute();
        const user = matches.length === 1 ? matches[0] : undefined;
        // A disabled account gets nothing; a directory account's password lives in the directory.
        if (!user || user.status !== 1 || user.directory) return;
        await sendPasswordLink(db, config, user.id, 'reset', origin);
        await recordAudit(
          db,
          { id: user.id, name: user.username, ip: request.ip },
          'user.password.reset-request',
          user.username,
        );
      })().catch((err: unknown) => request.log.warn({ err }, 'password reset mail not sent'));
      return { ok: true as const };
    },
  );

  // Invitation or reset: the link is checked, the password judged, then the link used up (a weak
  // password does not burn it). Every session and client token of the account ends.
  app.post(
    '/set-password',
    { schema: { tags, body: SetPasswordRequest, response: { 200: Ok, ...errors } } },
    async (request) => {
      const expired = new AppError(
        'LINK_EXPIRED',
        400,
        'This link has expired or was already used. Ask for a new one from the sign-in page or an administrator.',
      );
      const link = await findLink(db, request.body.token);
      const user = link && (await findUserById(db, link.user_id));
      if (!link || !user || user.status !== 1) throw expired;
      await assertStrongPassword(request.body.newPassword, [user.username, user.display_name]);
      if (!(await takeLink(db, request.body.token))) throw expired;
      await replacePassword(db, user, request.body.newPassword);
      await recordAudit(
        db,
        { id: user.id, name: user.username, ip: request.ip },
        link.purpose === 'invite' ? 'user.invite.accept' : 'user.password.reset',
        user.username,
      );
      return { ok: true as const };
    },
  );
};
