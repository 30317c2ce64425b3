import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf, authOf, requireArea } from '../accounts/index.ts';
import { requireUser } from '../accounts/users.repo.ts';
import { recordAudit } from '../audit/audit.ts';
import { publicOrigin } from '../http/origin.ts';
import { ADMIN_ROUTE_ERRORS, ErrorResponse, IdParams, Ok } from '../shared/common.ts';
import { EmailSettings, EmailSettingsInput, EmailTestRequest, MailPrefs } from '../shared/email.ts';
import { sendMail } from './mailer.ts';
import { notConfigured, sendPasswordLink } from './password-links.ts';
import { findMailPrefs, saveMailPrefs } from './prefs.repo.ts';
import { findEmailSettings, loadMailConfig, saveEmailSettings } from './settings.repo.ts';
import { testMail } from './templates.ts';

const errors = { ...ADMIN_ROUTE_ERRORS, 409: ErrorResponse, 502: ErrorResponse };
const tags = ['console: email'];

/** Settings → Email: SMTP (the password is write-only) and Send test email. */
export const emailSettingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const key = app.config.secretKey;
  app.addHook('preValidation', requireArea('settings'));

  app.get('/', { schema: { tags, response: { 200: EmailSettings, ...errors } } }, () =>
    findEmailSettings(db),
  );

  app.put(
    '/',
    { schema: { tags, body: EmailSettingsInput, response: { 200: EmailSettings, ...errors } } },
    async (request) => {
      // Saved from the admin's own request, so a reset asked for with a forged Host cannot move the links.
      const saved = await saveEmailSettings(
        db,
        key,
        request.body,
        publicOrigin(request, app.config.publicUrl),
      );
      await recordAudit(db, actorOf(request), 'email.settings.update', 'email', {
        host: saved.host,
        port: saved.port,
        security: saved.security,
        passwordChanged: request.body.password !== undefined,
      });
      return saved;
    },
  );

  app.post(
    '/test',
    { schema: { tags, body: EmailTestRequest, response: { 200: Ok, ...errors } } },
    async (request) => {
      const config = await loadMailConfig(db, key);
      if (!config) throw notConfigured();
      const { language } = await findMailPrefs(db, authOf(request).user.id);
      await sendMail(config, { to: request.body.to, ...testMail(language) });
      return { ok: true as const };
    },
  );
};

/** Per-user mail preferences and invitations; under /api/console/users. */
export const userMailRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const key = app.config.secretKey;
  app.addHook('preValidation', requireArea('users'));

  app.get(
    '/:id/mail-prefs',
    { schema: { tags, params: IdParams, response: { 200: MailPrefs, ...errors } } },
    async (request) => findMailPrefs(db, (await requireUser(db, request.params.id)).id),
  );

  app.put(
    '/:id/mail-prefs',
    { schema: { tags, params: IdParams, body: MailPrefs, response: { 200: MailPrefs, ...errors } } },
    async (request) => {
      const user = await requireUser(db, request.params.id);
      const prefs = await saveMailPrefs(db, user.id, request.body);
      await recordAudit(db, actorOf(request), 'user.mail-prefs.update', user.username, prefs);
      return prefs;
    },
  );

  // Creating a user can send this invitation: a single-use set-your-password link.
  app.post(
    '/:id/invite',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 200: Ok, ...errors },
      },
    },
    async (request) => {
      const config = await loadMailConfig(db, key);
      if (!config) throw notConfigured();
      const user = await requireUser(db, request.params.id);
      await sendPasswordLink(db, config, user.id, 'invite', app.config.publicUrl ?? config.linkOrigin);
      await recordAudit(db, actorOf(request), 'user.invite', user.username, { email: user.email });
      return { ok: true as const };
    },
  );
};
