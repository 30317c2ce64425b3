import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../audit/audit.ts';
import { randomPassword } from '../security/tokens.ts';
import {
  PasswordReset,
  PasswordResetResult,
  User,
  UserCreate,
  UserPage,
  UserUpdate,
} from '../shared/accounts.ts';
import { ADMIN_ROUTE_ERRORS, IdParams, Ok } from '../shared/common.ts';
import { UserListQuery } from '../shared/user-list.ts';
import { actorOf, requireArea } from './guards.ts';
import { replacePassword } from './password-change.ts';
import { assertStrongPassword } from './password-strength.ts';
import { hashPassword } from './passwords.ts';
import { insertUser, listUsers, requireUser, toApiUser } from './users.repo.ts';
import { editUser, removeUser } from './users.ts';

const Params = IdParams;
const errors = ADMIN_ROUTE_ERRORS;
const tags = ['console: users'];

/** Admin management of users. */
export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  app.addHook('preHandler', requireArea('users'));

  app.get(
    '/',
    { schema: { tags, querystring: UserListQuery, response: { 200: UserPage, ...errors } } },
    async (request) => {
      return listUsers(db, request.query);
    },
  );

  app.post(
    '/',
    { schema: { tags, body: UserCreate, response: { 201: User, ...errors } } },
    async (request, reply) => {
      const { password, ...rest } = request.body;
      if (password) await assertStrongPassword(password, [rest.username, rest.displayName ?? '']);
      const user = await insertUser(db, {
        ...rest,
        passwordHash: password ? await hashPassword(password) : null,
      });
      await recordAudit(db, actorOf(request), 'user.create', user.username, {
        isAdmin: rest.isAdmin ?? false,
      });
      return reply.status(201).send(toApiUser(user));
    },
  );

  app.get('/:id', { schema: { tags, params: Params, response: { 200: User, ...errors } } }, async (request) =>
    toApiUser(await requireUser(db, request.params.id)),
  );

  app.patch(
    '/:id',
    { schema: { tags, params: Params, body: UserUpdate, response: { 200: User, ...errors } } },
    async (request) => {
      const actor = actorOf(request);
      const user = await editUser(db, actor.id, request.params.id, request.body);
      await recordAudit(db, actor, 'user.update', user.username, request.body);
      return toApiUser(user);
    },
  );

  app.delete(
    '/:id',
    { schema: { tags, params: Params, response: { 200: Ok, ...errors } } },
    async (request) => {
      const actor = actorOf(request);
      const removed = await removeUser(db, actor.id, request.params.id);
      await recordAudit(db, actor, 'user.delete', removed.username);
      return { ok: true as const };
    },
  );

  app.post(
    '/:id/password',
    {
      schema: {
        tags,
        params: Params,
        body: PasswordReset,
        response: { 200: PasswordResetResult, ...errors },
      },
    },
    async (request) => {
      const user = await requireUser(db, request.params.id);
      // A generated password is random (and strong); one the admin typed must pass the policy.
      if (request.body.password !== undefined)
        await assertStrongPassword(request.body.password, [user.username, user.display_name]);
      const password = request.body.password ?? randomPassword();
      await replacePassword(db, user, password);
      await recordAudit(db, actorOf(request), 'user.password.reset', user.username);
      return { password };
    },
  );
};
