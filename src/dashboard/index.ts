import type { FastifyPluginAsync } from 'fastify';
import { dashboardRoutes } from './dashboard.routes.ts';

/** Dashboard: one summary for the console's first page, computed from existing tables. */
export const dashboardModule: FastifyPluginAsync = async (app) => {
  await app.register(dashboardRoutes, { prefix: '/api/console/dashboard' });
};
