import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf, authOf, requireArea } from '../accounts/index.ts';
import { recordAudit } from '../audit/audit.ts';
import { assertProviderInReach } from '../roles/roles.ts';
import { ADMIN_ROUTE_ERRORS, IdParams, Ok } from '../shared/common.ts';
import {
  LoginOptions,
  LoginProviderList,
  Provider,
  ProviderCreate,
  ProviderList,
  ProviderTestResult,
  ProviderUpdate,
  SsoSettings,
  SsoSettingsUpdate,
} from '../shared/sso.ts';
import { outboundFetch } from './outbound.ts';
import { checkProvider } from './provider-check.ts';
import {
  deleteProvider,
  findProviderById,
  insertProvider,
  listProviders,
  toApiProvider,
  updateProvider,
} from './providers.repo.ts';
import { findHidePasswordLogin, saveHidePasswordLogin } from './settings.repo.ts';

const Params = IdParams;
const errors = ADMIN_ROUTE_ERRORS;
const tags = ['console: sso'];

/** Settings → OIDC: admin management of auth providers (client secrets are write-only). */
export const providerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const key = app.config.secretKey;
  app.addHook('preValidation', requireArea('settings'));

  app.get('/providers', { schema: { tags, response: { 200: ProviderList, ...errors } } }, async () =>
    (await listProviders(db)).map(toApiProvider),
  );
  app.post(
    '/providers',
    { schema: { tags, body: ProviderCreate, response: { 201: Provider, ...errors } } },
    async (request, reply) => {
      await assertProviderInReach(db, authOf(request).permissions, request.body);
      const row = await insertProvider(db, key, request.body);
      await recordAudit(db, actorOf(request), 'sso.provider.create', row.name, {
        issuer: row.issuer,
        callbackOrigin: row.callback_origin,
      });
      return reply.status(201).send(toApiProvider(row));
    },
  );
  app.get(
    '/providers/:id',
    { schema: { tags, params: Params, response: { 200: Provider, ...errors } } },
    async (request) => toApiProvider(await findProviderById(db, request.params.id)),
  );
  app.patch(
    '/providers/:id',
    { schema: { tags, params: Params, body: ProviderUpdate, response: { 200: Provider, ...errors } } },
    async (request) => {
      const { permissions } = authOf(request);
      await assertProviderInReach(
        db,
        permissions,
        toApiProvider(await findProviderById(db, request.params.id)),
      );
      await assertProviderInReach(db, permissions, request.body);
      const row = await updateProvider(db, key, request.params.id, request.body);
      const { clientSecret, ...changed } = request.body;
      await recordAudit(db, actorOf(request), 'sso.provider.update', row.name, {
        ...changed,
        clientSecretChanged: Boolean(clientSecret),
      });
      return toApiProvider(row);
    },
  );
  app.delete(
    '/providers/:id',
    { schema: { tags, params: Params, response: { 200: Ok, ...errors } } },
    async (request) => {
      const row = await deleteProvider(db, request.params.id);
      await recordAudit(db, actorOf(request), 'sso.provider.delete', row.name);
      return { ok: true as const };
    },
  );
  app.post(
    '/providers/test',
    {
      schema: {
        tags,
        body: Type.Object(
          {
            issuer: Type.String({ maxLength: 2000 }),
            clientId: Type.String({ maxLength: 500 }),
            allowInsecureHttp: Type.Optional(Type.Boolean()),
            caCertificate: Type.Optional(Type.String({ maxLength: 100_000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ProviderTestResult, ...errors },
      },
    },
    // Through the outbound proxy and the draft's CA, as the sign-in itself will go.
    async (request) =>
      checkProvider(request.body, outboundFetch(app.config, request.body.caCertificate ?? '')),
  );
  const settings = async () => ({
    publicUrl: app.config.publicUrl ?? null,
    callbackPath: '/api/oidc/callback' as const,
    hidePasswordLogin: await findHidePasswordLogin(db),
  });
  app.get('/settings', { schema: { tags, response: { 200: SsoSettings, ...errors } } }, settings);
  app.put(
    '/settings',
    { schema: { tags, body: SsoSettingsUpdate, response: { 200: SsoSettings, ...errors } } },
    async (request) => {
      await saveHidePasswordLogin(db, request.body.hidePasswordLogin);
      await recordAudit(db, actorOf(request), 'sso.settings.update', 'sso', request.body);
      return settings();
    },
  );
};

/** The login page's "Continue with <name>" buttons: enabled providers only, no settings. */
export const loginProviderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/providers', { schema: { tags: ['console'], response: { 200: LoginProviderList } } }, async () =>
    (await listProviders(app.db.kysely))
      .filter((r) => r.enabled === 1)
      .map((r) => ({ name: r.name, label: r.button_label || r.name, type: toApiProvider(r).type })),
  );
  // The password form hides only while a provider can sign people in; /login?local=1 always shows it.
  app.get('/login-options', { schema: { tags: ['console'], response: { 200: LoginOptions } } }, async () => {
    const db = app.db.kysely;
    const anyEnabled = (await listProviders(db)).some((r) => r.enabled === 1);
    return { hidePasswordLogin: anyEnabled && (await findHidePasswordLogin(db)) };
  });
};
