import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/audit.ts';
import { findRole } from '../roles/roles.repo.ts';
import { assertAssignable, assertMayManageUser, requestedRoleId } from '../roles/roles.ts';
import { actorOf, authOf } from './guards.ts';
import { requireUser } from './users.repo.ts';

/** The user `id`, when the signed-in person's role covers theirs: nobody edits someone who outranks them. */
export async function requireUserInReach(request: FastifyRequest, id: string) {
  const db = request.server.db.kysely;
  const user = await requireUser(db, id);
  await assertMayManageUser(db, authOf(request).permissions, user);
  return user;
}

/**
 * The role a create/update would give `target` (undefined: unchanged), after checking that the
 * signed-in person may give it: only a role they hold all of.
 */
export async function checkRoleChange(
  request: FastifyRequest,
  target: { id: string; role_id: string | null } | null,
  input: { roleId?: string | null | undefined; isAdmin?: boolean | undefined },
): Promise<string | null | undefined> {
  const current = target?.role_id ?? null;
  const next = requestedRoleId(input, current);
  if (next === undefined || next === current) return undefined;
  // Not even to oneself: changing one's own role can only step down (the last Administrator cannot, users.ts).
  await assertAssignable(request.server.db.kysely, authOf(request).permissions, next);
  return next;
}

/** Role changes get their own line in the audit trail, with both role names. */
export async function auditRoleChange(
  request: FastifyRequest,
  username: string,
  from: string | null,
  to: string | null,
): Promise<void> {
  const db = request.server.db.kysely;
  const name = async (id: string | null) => (id === null ? null : ((await findRole(db, id))?.name ?? id));
  await recordAudit(db, actorOf(request), 'user.role.change', username, {
    from: await name(from),
    to: await name(to),
  });
}
