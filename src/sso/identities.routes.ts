import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf, requireArea, requireUser } from '../accounts/index.ts';
import { recordAudit } from '../audit/audit.ts';
import { ADMIN_ROUTE_ERRORS, Id, IdParams, Ok } from '../shared/common.ts';
import { Identity, IdentityLink, IdentityList } from '../shared/sso.ts';
import { linkIdentity, listUserIdentities, unlinkIdentity } from './identities.repo.ts';

const errors = ADMIN_ROUTE_ERRORS;
const tags = ['console: users'];
const IdentityParams = Type.Object({ id: Id, identityId: Id }, { additionalProperties: false });

/** A user's page: the external identities that sign them in; admins list, link and unlink them. */
export const identityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  app.addHook('preValidation', requireArea('users'));

  app.get(
    '/:id/identities',
    { schema: { tags, params: IdParams, response: { 200: IdentityList, ...errors } } },
    async (request) => {
      await requireUser(db, request.params.id);
      return listUserIdentities(db, request.params.id);
    },
  );
  app.post(
    '/:id/identities',
    {
      schema: { tags, params: IdParams, body: IdentityLink, response: { 201: Identity, ...errors } },
    },
    async (request, reply) => {
      const user = await requireUser(db, request.params.id);
      const identity = await linkIdentity(db, user.id, request.body);
      await recordAudit(db, actorOf(request), 'user.identity.link', user.username, {
        provider: identity.providerName,
        issuer: identity.issuer,
        subject: identity.subject,
      });
      return reply.status(201).send(identity);
    },
  );
  app.delete(
    '/:id/identities/:identityId',
    { schema: { tags, params: IdentityParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      const user = await requireUser(db, request.params.id);
      const identity = await unlinkIdentity(db, user.id, request.params.identityId);
      await recordAudit(db, actorOf(request), 'user.identity.unlink', user.username, {
        provider: identity.providerName,
        issuer: identity.issuer,
        subject: identity.subject,
      });
      return { ok: true as const };
    },
  );
};
