import fastifyFormbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorResponse } from '../shared/common.ts';
import { decideDeviceLogin } from './device-confirm.ts';
import { CONFIRM_COOKIE, clearConfirmCookie, sendDeviceLoginStep } from './device-confirm-page.ts';

/** The confirmation page's form (urlencoded); `deviceId` only when the addresses differ. */
const ConfirmForm = Type.Object(
  {
    login: Type.String({ maxLength: 100 }),
    confirm: Type.String({ maxLength: 200 }),
    decision: Type.Union([Type.Literal('approve'), Type.Literal('deny')]),
    deviceId: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
const Html = (description: string) => ({
  description,
  content: { 'text/html': { schema: Type.String() } },
});

/** Approve / Deny of a RustDesk device login, posted by DeskGate's confirmation page (issue 9 §1). */
export const deviceConfirmRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const key = app.config.secretKey;
  // The page posts a plain HTML form; the parser is registered for this scope alone.
  await app.register(fastifyFormbody);

  app.post(
    '/device-login/confirm',
    {
      schema: {
        tags: ['rustdesk client'],
        consumes: ['application/x-www-form-urlencoded'],
        body: ConfirmForm,
        response: {
          200: Html('Signed in (Approve) — the result page.'),
          400: {
            description: 'The typed device ID did not match (the page again), or a malformed form.',
            content: {
              'text/html': { schema: Type.String() },
              'application/json': { schema: ErrorResponse },
            },
          },
          403: Html('Denied, expired, already decided, or not the browser that signed in.'),
        },
      },
    },
    async (request, reply) => {
      const { login, confirm, decision, deviceId } = request.body;
      const step = await decideDeviceLogin(db, key, {
        loginId: login,
        confirm,
        cookie: request.cookies[CONFIRM_COOKIE],
        decision,
        typedId: deviceId,
        ip: request.ip,
      });
      if (!('kind' in step)) clearConfirmCookie(reply);
      return sendDeviceLoginStep(request, reply, step);
    },
  );
};
