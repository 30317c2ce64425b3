import type { FastifyReply, FastifyRequest } from 'fastify';
import { isBearerRequest, requireAreaByToken } from '../automation/bearer.ts';
import { AppError } from '../errors.ts';
import { findPermissionsOf } from '../roles/roles.repo.ts';
import { safeEqual } from '../security/tokens.ts';
import { type AccessLevel, allows, type ConsoleArea } from '../shared/roles.ts';
import { clearSessionCookie } from './cookies.ts';
import { findSession, SESSION_COOKIE } from './sessions.ts';
import { findUserById } from './users.repo.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/**
 * preHandler: the request must carry a live console session of an enabled user; state-changing
 * methods must also echo the session's CSRF token in `X-CSRF-Token` (synchronizer token pattern).
 */
export async function requireSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = request.cookies[SESSION_COOKIE];
  const db = request.server.db.kysely;
  const session = token ? await findSession(db, token) : undefined;
  const user = session ? await findUserById(db, session.user_id) : undefined;
  if (!session || !user || user.status !== 1) {
    if (token) clearSessionCookie(request, reply);
    throw new AppError(
      'NOT_AUTHENTICATED',
      401,
      'You are not signed in, or your session has ended. Sign in again.',
    );
  }
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !safeEqual(sent, session.csrf_token)) {
      throw new AppError(
        'CSRF_FAILED',
        403,
        'This request did not come from the DeskGate console. Reload the page and try again.',
      );
    }
  }
  request.auth = { user, session, permissions: await findPermissionsOf(db, user.role_id) };
}

/** preHandler: as requireSession, and the user must be an administrator. */
export async function requireAdmin(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  await requireSession(request, reply);
  if (request.auth?.user.is_admin !== 1) {
    throw new AppError('FORBIDDEN', 403, 'Only administrators can do that. Ask an administrator for access.');
  }
}

export { type AccessLevel, CONSOLE_AREAS, type ConsoleArea } from '../shared/roles.ts';

/** The level a request needs: reading for safe methods, managing for the rest. */
export function levelForMethod(method: string): AccessLevel {
  return SAFE_METHODS.has(method) ? 'read' : 'manage';
}

/**
 * preHandler factory: the request needs `level` (default: by its method) on `area` of the console.
 * Every console route guards itself through this one seam, so roles and API tokens are decided here.
 * Mount it as `preValidation` so that a refused request is told so before its body is looked at.
 */
export function requireArea(area: ConsoleArea, level?: AccessLevel) {
  return async function requireAreaAccess(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (isBearerRequest(request))
      return requireAreaByToken(request, area, level ?? levelForMethod(request.method));
    await requireSession(request, reply);
    const needed = level ?? levelForMethod(request.method);
    if (!allows(request.auth?.permissions ?? {}, area, needed)) {
      throw new AppError(
        'FORBIDDEN',
        403,
        `Your role does not allow you to ${needed === 'read' ? 'see' : 'change'} ${area.replace('-', ' ')}. Ask an administrator for access.`,
      );
    }
  };
}

/** The signed-in request's auth; for handlers behind a guard. */
export function authOf(request: FastifyRequest) {
  if (!request.auth) throw new AppError('NOT_AUTHENTICATED', 401, 'You are not signed in. Sign in again.');
  return request.auth;
}

/** The audit actor of a guarded request. */
export function actorOf(request: FastifyRequest) {
  const { user, apiToken } = authOf(request);
  return { id: user.id, name: apiToken ? `api-token:${apiToken.name}` : user.username, ip: request.ip };
}
