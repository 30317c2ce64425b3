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
import { dropAssignmentsOf } from '../strategies/effective.ts';
import { actorOf, requireArea } from './guards.ts';
import { replacePassword } from './password-change.ts';
import { assertStrongPassword } from './password-strength.ts';
import { hashPassword } from './passwords.ts';
import { auditRoleChange, checkRoleChange, requireUserInReach } from './user-reach.ts';
import { insertUser, listUsers, requireUser, toApiUser } from './users.repo.ts';
import { editUser, removeUser } from './users.ts';

const Params = IdParams;
const errors = ADMIN_ROUTE_ERRORS;
const tags = ['console: users'];

/** Admin management of users. */
export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  app.addHook('preValidation', requireArea('users'));

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
      const roleId = await checkRoleChange(request, null, rest);
      if (password) await assertStrongPassword(password, [rest.username, rest.displayName ?? '']);
      const user = await insertUser(db, {
        ...rest,
        passwordHash: password ? await hashPassword(password) : null,
      });
      await recordAudit(db, actorOf(request), 'user.create', user.username, {
        isAdmin: user.is_admin === 1,
      });
      if (roleId !== undefined) await auditRoleChange(request, user.username, null, roleId);
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
      const before = await requireUserInReach(request, request.params.id);
      const roleId = await checkRoleChange(request, before, request.body);
      const user = await editUser(db, actor.id, request.params.id, request.body);
      await recordAudit(db, actor, 'user.update', user.username, request.body);
      if (roleId !== undefined) await auditRoleChange(request, user.username, before.role_id, roleId);
      return toApiUser(user);
    },
  );

  app.delete(
    '/:id',
    { schema: { tags, params: Params, response: { 200: Ok, ...errors } } },
    async (request) => {
      const actor = actorOf(request);
      await requireUserInReach(request, request.params.id);
      const removed = await removeUser(db, actor.id, request.params.id);
      // Devices that followed the user's strategy fall back to the next one (src/strategies/effective.ts).
      await dropAssignmentsOf(db, 'user', request.params.id);
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
      const user = await requireUserInReach(request, request.params.id);
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
