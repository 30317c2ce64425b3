import type { FastifyRequest } from 'fastify';
import type { AccessLevel, ConsoleArea } from '../accounts/guards.ts';
import { SESSION_COOKIE } from '../accounts/sessions.ts';
import { findUserById } from '../accounts/users.repo.ts';
import { recordAudit } from '../audit/audit.ts';
import { AppError } from '../errors.ts';
import { randomToken } from '../security/tokens.ts';
import type { ApiTokenScope } from '../shared/automation.ts';
import { allows, type Permissions } from '../shared/roles.ts';
import { findApiTokenBySecret, scopesOf, touchApiToken } from './tokens.repo.ts';

/**
 * The console areas an API token's scopes open (issue 10). `devices:assign` opens no console area:
 * only `POST /api/devices/cli` (src/automation/cli.routes.ts). No scope opens api-tokens, so a token
 * can never mint or revoke tokens.
 */
const SCOPE_AREAS: Record<ApiTokenScope, Array<[ConsoleArea, AccessLevel]>> = {
  'devices:assign': [],
  'devices:read': [['devices', 'read']],
  'users:read': [['users', 'read']],
  'users:write': [
    ['users', 'read'],
    ['users', 'manage'],
  ],
  'audit:read': [['audit', 'read']],
};

/**
 * What a token's scopes allow, as a role's permission matrix: the roles module's own rules (nobody
 * hands out a role wider than their own) then judge a token exactly as they judge a person.
 */
export function permissionsOfScopes(scopes: readonly ApiTokenScope[]): Permissions {
  const permissions: Permissions = {};
  for (const scope of scopes)
    for (const [area, level] of SCOPE_AREAS[scope] ?? [])
      if (!allows(permissions, area, level)) permissions[area] = level;
  return permissions;
}

/** The scope that covers `level` on `area`, if any. */
export function scopeFor(area: ConsoleArea, level: AccessLevel): ApiTokenScope | undefined {
  return (Object.keys(SCOPE_AREAS) as ApiTokenScope[]).find((s) =>
    SCOPE_AREAS[s].some(([a, l]) => a === area && l === level),
  );
}

/**
 * True when the request authenticates with `Authorization: Bearer` and carries no console session
 * cookie. A request with a cookie is always judged as a browser session (with its CSRF check): a
 * browser never adds an Authorization header by itself, so a bearer request cannot be forged cross-site.
 */
export function isBearerRequest(request: FastifyRequest): boolean {
  return /^Bearer\s/i.test(request.headers.authorization ?? '') && !request.cookies[SESSION_COOKIE];
}

const invalid = (why: string) => new AppError('NOT_AUTHENTICATED', 401, why);

/**
 * Verifies the request's API token for `scope` and records the use (time, address, audit trail).
 * Refusals of a known token are audited as well.
 */
export async function authenticateApiToken(request: FastifyRequest, scope: ApiTokenScope) {
  const db = request.server.db.kysely;
  const secret = (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '').trim();
  const row = secret ? await findApiTokenBySecret(db, secret) : undefined;
  if (!row)
    throw invalid('This API token is not recognised. Create a token in the DeskGate console (API tokens).');
  const now = Date.now();
  const actor = { id: row.created_by, name: `api-token:${row.name}`, ip: request.ip };
  const refuse = async (err: AppError) => {
    await recordAudit(db, actor, 'api-token.refused', row.name, {
      scope,
      reason: err.message,
      route: request.url,
    });
    return err;
  };
  if (row.revoked_at !== null)
    throw await refuse(invalid('This API token was revoked. Create a new one in the DeskGate console.'));
  if (row.expires_at <= now)
    throw await refuse(invalid('This API token has expired. Create a new one in the DeskGate console.'));
  const user = await findUserById(db, row.created_by);
  // The token acts for its creator: it stops working when they are disabled or no longer an administrator.
  if (!user || user.status !== 1 || user.is_admin !== 1)
    throw await refuse(
      invalid('The administrator who created this API token is disabled or no longer an administrator.'),
    );
  if (!scopesOf(row).includes(scope))
    throw await refuse(
      new AppError(
        'FORBIDDEN',
        403,
        `This API token lacks the "${scope}" scope. Create a token with that scope in the DeskGate console.`,
      ),
    );
  await touchApiToken(db, row.id, request.ip, now);
  await recordAudit(db, actor, 'api-token.use', row.name, {
    scope,
    method: request.method,
    route: request.url,
  });
  return { row, user };
}

/**
 * `users:write` manages ordinary accounts only: a token that could make an administrator, or set the
 * password of one, would be a way to every other area (and to minting tokens). Runs after body parsing.
 */
async function refuseAdministratorChanges(request: FastifyRequest): Promise<void> {
  const body = request.body as { isAdmin?: unknown; roleId?: unknown } | undefined;
  const id = (request.params as { id?: unknown } | undefined)?.id;
  const target = typeof id === 'string' ? await findUserById(request.server.db.kysely, id) : undefined;
  // Roles are the console's to give: a token may leave a role as it is, never set one.
  const setsRole = body?.roleId !== undefined && body.roleId !== null;
  if (body?.isAdmin === true || setsRole || target?.is_admin === 1)
    throw new AppError(
      'FORBIDDEN',
      403,
      'API tokens cannot give roles, nor create or change administrator accounts; sign in to the DeskGate console to do that.',
    );
}

/** requireArea's bearer branch: the token's scopes must cover `level` on `area`. */
export async function requireAreaByToken(
  request: FastifyRequest,
  area: ConsoleArea,
  level: AccessLevel,
): Promise<void> {
  const scope = scopeFor(area, level);
  if (!scope)
    throw new AppError(
      'FORBIDDEN',
      403,
      `API tokens cannot ${level === 'read' ? 'read' : 'change'} ${area}; sign in to the DeskGate console instead.`,
    );
  const { row, user } = await authenticateApiToken(request, scope);
  if (area === 'users' && level === 'manage') await refuseAdministratorChanges(request);
  const now = Date.now();
  request.auth = {
    user,
    // No console session exists; this stands in for one and can never pass a CSRF check (random).
    session: {
      token_hash: '',
      user_id: user.id,
      csrf_token: randomToken(),
      created_at: now,
      expires_at: row.expires_at,
      ip: request.ip,
      user_agent: request.headers['user-agent'] ?? '',
      sso_provider_id: null,
      sso_sid: null,
      id_token_sealed: null,
    },
    apiToken: { id: row.id, name: row.name },
    permissions: permissionsOfScopes(scopesOf(row)),
  };
}
