import fastifyFormbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../errors.ts';
import { endIdpSessions, verifyLogoutToken } from './idp-logout.ts';
import { findProviderByName, toApiProvider } from './providers.repo.ts';

export const BACKCHANNEL_LOGOUT_PATH = '/api/oidc/backchannel-logout';
export const FRONTCHANNEL_LOGOUT_PATH = '/api/oidc/frontchannel-logout';

const Params = Type.Object({ name: Type.String({ maxLength: 64 }) });

const unknownProvider = () =>
  new AppError(
    'NOT_FOUND',
    404,
    'There is no enabled sign-in provider with this name. Copy the logout URL again from Settings → OIDC.',
  );

/**
 * Front-Channel Logout 1.0 §2: the IdP's iframe may come only from the IdP's own origin (`frame-ancestors`);
 * every other DeskGate page stays unframeable (http/security-headers.ts).
 */
const frontChannelPage = (issuerOrigin: string) => ({
  csp: `default-src 'none'; frame-ancestors ${issuerOrigin}`,
  html: '<!doctype html><html><head><meta charset="utf-8"><title>Signed out</title></head><body></body></html>',
});

/** Logout that the identity provider starts: back-channel (POST, logout token) and front-channel (iframe GET). */
export const idpLogoutRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  await app.register(fastifyFormbody);

  // Back-Channel Logout 1.0 §2.5: form-encoded `logout_token`; 200 when done, 400 when refused (§2.8).
  app.post(
    '/backchannel-logout/:name',
    {
      schema: {
        tags: ['sso'],
        params: Params,
        body: Type.Object({ logout_token: Type.String({ minLength: 1, maxLength: 20_000 }) }),
        response: { 200: Type.Object({}) },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      const row = await findProviderByName(db, request.params.name);
      if (!row || row.enabled !== 1) throw unknownProvider();
      const who = await verifyLogoutToken(
        db,
        app.config.secretKey,
        app.config,
        row,
        request.body.logout_token,
      );
      await endIdpSessions(db, row, who, 'back-channel', request.ip);
      return {};
    },
  );

  // Front-Channel Logout 1.0 §2–3 (Entra's "Front-channel logout URL"): `iss` + `sid` end that IdP session's
  // console sessions and client tokens, as the back channel does. No cookie is needed (a third-party iframe would
  // not send it anyway).
  app.get(
    '/frontchannel-logout/:name',
    {
      schema: {
        tags: ['sso'],
        params: Params,
        querystring: Type.Object({
          iss: Type.Optional(Type.String({ maxLength: 2000 })),
          sid: Type.Optional(Type.String({ maxLength: 500 })),
        }),
      },
    },
    async (request, reply) => {
      const row = await findProviderByName(db, request.params.name);
      if (!row || row.enabled !== 1) throw unknownProvider();
      const issuer = toApiProvider(row).issuer;
      const { iss, sid } = request.query;
      if (iss !== undefined && !sameIssuer(iss, issuer))
        throw new AppError(
          'BAD_REQUEST',
          400,
          'This logout request names another identity provider (iss); nobody was signed out.',
        );
      if (sid) await endIdpSessions(db, row, { sid, sub: null }, 'front-channel', request.ip);
      const page = frontChannelPage(new URL(issuer).origin);
      reply.raw.removeHeader('x-frame-options');
      return reply
        .header('content-security-policy', page.csp)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(page.html);
    },
  );
};

/**
 * The `iss` of a front-channel request is the provider's issuer; for Entra's `common`/`organizations`
 * authorities (issuer template) it is the tenant's issuer on the same Microsoft host.
 */
function sameIssuer(iss: string, issuer: string): boolean {
  if (iss === issuer) return true;
  if (!URL.canParse(iss)) return false;
  const authority = new URL(issuer).pathname.split('/')[1]?.toLowerCase();
  return (
    (authority === 'common' || authority === 'organizations') &&
    new URL(iss).origin === new URL(issuer).origin
  );
}
