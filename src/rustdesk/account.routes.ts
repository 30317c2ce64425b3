import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorResponse } from '../shared/common.ts';
import { listProviders } from '../sso/providers.repo.ts';
import { ClientUser, DeviceInfo } from './client-schemas.ts';
import { clientPasswordLogin } from './password-login.ts';
import { iconFor } from './provider-icons.ts';
import { authenticateClient, revokeClientToken } from './tokens.ts';
import { toClientUser } from './user-object.ts';

// The client may add fields in newer versions, so bodies allow unknown keys (they are ignored).
const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 320 }),
    password: Type.Optional(Type.String({ maxLength: 1024 })),
    id: Type.Optional(Type.String({ maxLength: 100 })),
    uuid: Type.Optional(Type.String({ maxLength: 500 })),
    type: Type.Optional(Type.String({ maxLength: 50 })),
    autoLogin: Type.Optional(Type.Boolean()),
    deviceInfo: Type.Optional(DeviceInfo),
    verificationCode: Type.Optional(Type.String({ maxLength: 50 })),
    tfaCode: Type.Optional(Type.String({ maxLength: 50 })),
    secret: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: true },
);
const DeviceBody = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 100 })),
    uuid: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: true },
);
const tags = ['rustdesk client'];

/** The account endpoints of the official RustDesk client (spec §3). */
export const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;

  // §3.1: a JSON array of strings, both forms, names in their own case; [] without providers.
  // Clients of every version read one of the two forms; newer ones use common-oidc and its icons.
  app.get('/login-options', { schema: { tags, response: { 200: Type.Array(Type.String()) } } }, async () => {
    const enabled = (await listProviders(db)).filter((p) => p.enabled === 1);
    if (enabled.length === 0) return [];
    const common = enabled.map((p) => {
      const icon = iconFor(p.name, p.type);
      return icon ? { name: p.name, icon } : { name: p.name };
    });
    return [...enabled.map((p) => `oidc/${p.name}`), `common-oidc/${JSON.stringify(common)}`];
  });

  app.post(
    '/login',
    {
      schema: {
        tags,
        body: LoginBody,
        response: {
          200: Type.Union([
            Type.Object({
              type: Type.Literal('access_token'),
              access_token: Type.String(),
              user: ClientUser,
            }),
            // §3.2: second factor required: TOTP (`tfa_check`) or a code sent by mail (`email_check`).
            Type.Object({
              type: Type.Literal('email_check'),
              tfa_type: Type.Union([Type.Literal('tfa_check'), Type.Literal('email_check')]),
              secret: Type.String(),
              user: Type.Object({ name: Type.String(), email: Type.Optional(Type.String()) }),
            }),
          ]),
          ...errorResponses,
          // The directory down (LDAP_UNAVAILABLE) or the mail of an email code failing (EMAIL_FAILED).
          502: ErrorResponse,
          503: ErrorResponse,
        },
      },
    },
    async (request) => clientPasswordLogin(db, app.config.secretKey, request.body, request.ip),
  );

  // The client always sends its own id and uuid here and on logout (Flutter
  // flutter/lib/models/user_model.dart refreshCurrentUser/logOut; Sciter src/ui/index.tis
  // refreshCurrentUser/logout), so both are required and must be the device the token was issued to:
  // a token copied to another machine is refused.
  app.post(
    '/currentUser',
    { schema: { tags, body: DeviceBody, response: { 200: ClientUser, ...errorResponses } } },
    async (request) => {
      const { user } = await authenticateClient(request, request.body);
      return toClientUser(user);
    },
  );

  // §3.4: the client ignores the answer and clears its token anyway; we revoke ours.
  app.post(
    '/logout',
    { schema: { tags, body: DeviceBody, response: { 200: Type.Object({}), ...errorResponses } } },
    async (request) => {
      const { tokenHash } = await authenticateClient(request, request.body);
      await revokeClientToken(db, tokenHash);
      return {};
    },
  );
};

const errorResponses = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse };
