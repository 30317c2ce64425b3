import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, requireArea } from '../accounts/index.ts';
import { recordAudit } from '../audit/audit.ts';
import { notFound } from '../errors.ts';
import { ADMIN_ROUTE_ERRORS, IdParams, Ok } from '../shared/common.ts';
import { ProviderDirectory, ScimTokenIssued } from '../shared/directory.ts';
import { providerOrigin } from '../sso/callback-origin.ts';
import { BACKCHANNEL_LOGOUT_PATH, FRONTCHANNEL_LOGOUT_PATH } from '../sso/idp-logout.routes.ts';
import { findProviderById } from '../sso/providers.repo.ts';
import { revokeScimToken, rotateScimToken, scimBaseUrl, scimTokenCreatedAt } from './tokens.ts';

const tags = ['console: sso'];
const errors = ADMIN_ROUTE_ERRORS;

/** Settings → OIDC → a provider: the URLs to register for SCIM and IdP-started logout, and its SCIM secret. */
export const directoryConsoleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const publicUrl = app.config.publicUrl;
  app.addHook('preValidation', requireArea('settings'));

  app.get(
    '/providers/:id/directory',
    { schema: { tags, params: IdParams, response: { 200: ProviderDirectory, ...errors } } },
    async (request) => {
      const row = await findProviderById(db, request.params.id);
      let origin = '';
      try {
        origin = providerOrigin(row, publicUrl);
      } catch {
        // Not saved from the console yet: relative URLs, which the page explains.
      }
      return {
        scimTenantUrl: scimBaseUrl(row, publicUrl),
        scimTokenCreatedAt: await scimTokenCreatedAt(db, row.id),
        backchannelLogoutUrl: `${origin}${BACKCHANNEL_LOGOUT_PATH}/${row.name}`,
        frontchannelLogoutUrl: `${origin}${FRONTCHANNEL_LOGOUT_PATH}/${row.name}`,
      };
    },
  );
  app.post(
    '/providers/:id/scim-token',
    { schema: { tags, params: IdParams, response: { 200: ScimTokenIssued, ...errors } } },
    async (request) => {
      const row = await findProviderById(db, request.params.id);
      const { token, createdAt } = await rotateScimToken(db, row.id);
      await recordAudit(db, actorOf(request), 'scim.token.rotate', row.name, {});
      return { token, createdAt, scimTenantUrl: scimBaseUrl(row, publicUrl) };
    },
  );
  app.delete(
    '/providers/:id/scim-token',
    { schema: { tags, params: IdParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      const row = await findProviderById(db, request.params.id);
      if (!(await revokeScimToken(db, row.id))) throw notFound('The SCIM secret of this provider');
      await recordAudit(db, actorOf(request), 'scim.token.revoke', row.name, {});
      return { ok: true as const };
    },
  );
};
