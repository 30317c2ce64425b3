import type { FastifyPluginAsync } from 'fastify';
import { cliRoutes } from './cli.routes.ts';
import { apiTokenConsoleRoutes } from './tokens.routes.ts';

/** The OpenAPI security scheme of API tokens (docs/automation.md). */
export const API_TOKEN_SECURITY_SCHEME = {
  type: 'http' as const,
  scheme: 'bearer',
  description:
    'An API token from the console (API tokens page), as `Authorization: Bearer dgt_…`, without a session cookie and ' +
    'without a CSRF token. Scopes: devices:read → GET /api/console/devices…; users:read → GET /api/console/users…; ' +
    'users:write → every /api/console/users route; audit:read → GET /api/console/audit…; devices:assign → ' +
    'POST /api/devices/cli (`rustdesk --assign`). Every use is in the audit trail.',
};

/**
 * Unattended deployment (issue 10): the console's API tokens under /api/console/api-tokens, and
 * `rustdesk --assign` / `--deploy` under /api/devices (spec §5.9).
 */
export const automationRoutes: FastifyPluginAsync = async (app) => {
  await app.register(apiTokenConsoleRoutes, { prefix: '/api/console/api-tokens' });
  await app.register(cliRoutes, { prefix: '/api/devices' });
};
