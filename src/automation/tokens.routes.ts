import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, authOf, requireArea } from '../accounts/guards.ts';
import { recordAudit } from '../audit/audit.ts';
import { ApiTokenCreate, ApiTokenCreated, ApiTokenList, ApiTokenParams } from '../shared/automation.ts';
import { ADMIN_ROUTE_ERRORS, Ok } from '../shared/common.ts';
import { insertApiToken, listApiTokens, revokeApiToken } from './tokens.repo.ts';

const errors = ADMIN_ROUTE_ERRORS;
const tags = ['console: api tokens'];

/** The console's API tokens page: list (with last use), create (the secret shown once), revoke. */
export const apiTokenConsoleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  app.addHook('preValidation', requireArea('api-tokens'));

  app.get('/', { schema: { tags, response: { 200: ApiTokenList, ...errors } } }, async () =>
    listApiTokens(db, Date.now()),
  );

  app.post(
    '/',
    { schema: { tags, body: ApiTokenCreate, response: { 200: ApiTokenCreated, ...errors } } },
    async (request) => {
      const created = await insertApiToken(
        db,
        { ...request.body, createdBy: authOf(request).user.id },
        Date.now(),
      );
      const { name, scopes, expiresAt } = created.token;
      await recordAudit(db, actorOf(request), 'api-token.create', name, { scopes, expiresAt });
      return created;
    },
  );

  app.delete(
    '/:id',
    { schema: { tags, params: ApiTokenParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      const row = await revokeApiToken(db, request.params.id, Date.now());
      await recordAudit(db, actorOf(request), 'api-token.revoke', row.name);
      return { ok: true as const };
    },
  );
};
