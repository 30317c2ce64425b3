import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, authOf, requireArea } from '../accounts/guards.ts';
import { recordAudit } from '../audit/audit.ts';
import { AppError, conflict } from '../errors.ts';
import { ADMIN_ROUTE_ERRORS, IdParams, Ok } from '../shared/common.ts';
import { Role, RoleCreate, RoleList, RoleUpdate } from '../shared/roles.ts';
import { listProviders, toApiProvider } from '../sso/providers.repo.ts';
import {
  countRoleHolders,
  deleteRole,
  insertRole,
  listRoles,
  type RoleDef,
  requireRole,
  updateRole,
} from './roles.repo.ts';
import { assertMayGrant } from './roles.ts';

const errors = ADMIN_ROUTE_ERRORS;
const tags = ['console: roles'];

const builtInFixed = () =>
  new AppError(
    'CONFLICT',
    409,
    'Built-in roles cannot be changed or deleted. Create a role of your own instead.',
    {},
    'ROLE_BUILT_IN',
  );

async function requireCustomRole(db: Parameters<typeof requireRole>[0], id: string): Promise<RoleDef> {
  const role = await requireRole(db, id);
  if (role.builtIn) throw builtInFixed();
  return role;
}

/**
 * Roles, under /api/console/roles. Anyone who may read users may list them (the user form's role
 * select needs them); creating, editing and deleting one is a `settings` change, and nobody can make
 * a role that does more than their own.
 */
export const rolesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const manage = requireArea('settings', 'manage');

  app.get(
    '/',
    { preValidation: requireArea('users', 'read'), schema: { tags, response: { 200: RoleList, ...errors } } },
    async () => listRoles(db),
  );

  app.post(
    '/',
    { preValidation: manage, schema: { tags, body: RoleCreate, response: { 201: Role, ...errors } } },
    async (request, reply) => {
      assertMayGrant(authOf(request).permissions, request.body.permissions, 'This role');
      const role = await insertRole(db, request.body);
      await recordAudit(db, actorOf(request), 'role.create', role.name, { permissions: role.permissions });
      return reply.status(201).send({ ...role, userCount: 0 });
    },
  );

  app.patch(
    '/:id',
    {
      preValidation: manage,
      schema: { tags, params: IdParams, body: RoleUpdate, response: { 200: Role, ...errors } },
    },
    async (request) => {
      const before = await requireCustomRole(db, request.params.id);
      const { permissions } = authOf(request);
      // Both the role as it is and as it would be must be within the editor's reach.
      assertMayGrant(permissions, before.permissions, 'This role');
      if (request.body.permissions) assertMayGrant(permissions, request.body.permissions, 'This role');
      const role = await updateRole(db, before.id, request.body);
      await recordAudit(db, actorOf(request), 'role.update', role.name, {
        ...(request.body.name !== undefined ? { name: { from: before.name, to: role.name } } : {}),
        ...(request.body.permissions
          ? { permissions: { from: before.permissions, to: role.permissions } }
          : {}),
      });
      return { ...role, userCount: await countRoleHolders(db, role.id) };
    },
  );

  app.delete(
    '/:id',
    { preValidation: manage, schema: { tags, params: IdParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      const role = await requireCustomRole(db, request.params.id);
      assertMayGrant(authOf(request).permissions, role.permissions, 'This role');
      const holders = await countRoleHolders(db, role.id);
      if (holders > 0) {
        throw conflict(
          `${holders} user(s) hold the role "${role.name}". Give them another role first, then delete it.`,
        );
      }
      const mapping = (await listProviders(db))
        .map(toApiProvider)
        .find((p) => p.roleMapping.some((m) => m.roleId === role.id));
      if (mapping) {
        throw conflict(
          `The sign-in provider "${mapping.name}" gives the role "${role.name}" to an IdP group. Remove that group → role row first.`,
        );
      }
      await deleteRole(db, role.id);
      await recordAudit(db, actorOf(request), 'role.delete', role.name);
      return { ok: true as const };
    },
  );
};
