import type { FastifyPluginAsync } from 'fastify';
import { auditClientRoutes } from './client.routes.ts';
import { auditConsoleRoutes } from './console.routes.ts';

export { type Actor, recordAudit } from './audit.ts';
export { pruneAuditLog } from './retention.ts';

/** Audit: the RustDesk client's uploads under /api/audit, the console's pages under /api/console/audit. */
export const auditRoutes: FastifyPluginAsync = async (app) => {
  await app.register(auditClientRoutes, { prefix: '/api/audit' });
  await app.register(auditConsoleRoutes, { prefix: '/api/console/audit' });
};
