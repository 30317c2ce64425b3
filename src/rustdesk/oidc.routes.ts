import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorResponse } from '../shared/common.ts';
import { ClientUser, DeviceInfo } from './client-schemas.ts';
import { pollDeviceLogin, STILL_PENDING, startDeviceLogin } from './oidc-device-login.ts';

const tags = ['rustdesk client'];
// The client may add fields in newer versions (apiDomain came in 2026), so unknown keys are ignored.
const AuthRequest = Type.Object(
  {
    op: Type.String({ minLength: 1, maxLength: 64 }),
    id: Type.String({ maxLength: 100 }),
    uuid: Type.String({ maxLength: 500 }),
    deviceInfo: Type.Optional(DeviceInfo),
    apiDomain: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: true },
);
const AuthQuery = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 200 }),
    id: Type.String({ maxLength: 100 }),
    uuid: Type.String({ maxLength: 500 }),
  },
  { additionalProperties: true },
);
const AuthBody = Type.Object({
  access_token: Type.String(),
  type: Type.Literal('access_token'),
  tfa_type: Type.String(),
  secret: Type.String(),
  user: ClientUser,
});
const Pending = Type.Object({ error: Type.Literal(STILL_PENDING) });
const errors = {
  400: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  424: ErrorResponse,
};

/** The OIDC device login of the official client (spec §4); the browser half is /api/oidc/callback. */
export const oidcRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const key = app.config.secretKey;

  // apiDomain and the Host are ignored: the redirect URI is the provider's registered one (callback-origin.ts).
  app.post(
    '/oidc/auth',
    {
      schema: {
        tags,
        body: AuthRequest,
        response: { 200: Type.Object({ code: Type.String(), url: Type.String() }), ...errors },
      },
    },
    async (request) => startDeviceLogin(db, key, app.config, request.body, app.config.publicUrl, request.ip),
  );

  // Polled once a second without headers; the client reads only the body (HTTP 200 while pending, as
  // the spec recommends; terminal failures carry a 4xx and the sentence the client shows). Logged from
  // warn up only: one info line per poll is noise, and its URL carries the poll code.
  app.get(
    '/oidc/auth-query',
    {
      logLevel: 'warn',
      schema: { tags, querystring: AuthQuery, response: { 200: Type.Union([AuthBody, Pending]), ...errors } },
    },
    async (request) => {
      const result = await pollDeviceLogin(db, key, request.query);
      return result === STILL_PENDING ? { error: STILL_PENDING as typeof STILL_PENDING } : result;
    },
  );
};
