import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireArea } from '../accounts/index.ts';
import { ADMIN_ROUTE_ERRORS } from '../shared/common.ts';
import { Dashboard } from '../shared/dashboard.ts';
import {
  countDevices,
  groupSignIns,
  providerHealth,
  readChecklist,
  recentAdminActions,
  tallySignIns,
} from './dashboard.repo.ts';

/** GET /api/console/dashboard: devices, sign-ins, provider health, recent changes, first-run checklist. */
export const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  // It summarises the audit trail (sign-ins, admin changes), so it needs what reading the trail needs.
  app.addHook('preValidation', requireArea('audit'));

  app.get(
    '/',
    { schema: { tags: ['console: dashboard'], response: { 200: Dashboard, ...ADMIN_ROUTE_ERRORS } } },
    async () => {
      const now = Date.now();
      const groups = await groupSignIns(db, app.db.dialect, now);
      const providers = await providerHealth(db, groups, now);
      const nameOf = (id: string) => providers.find((p) => p.id === id)?.name ?? '';
      return {
        devices: await countDevices(db, now),
        users: Number(
          (
            await db
              .selectFrom('users')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirst()
          )?.n ?? 0,
        ),
        signIns: {
          last24h: tallySignIns(groups, 'day', nameOf),
          last7d: tallySignIns(groups, 'week', nameOf),
        },
        providers,
        recentActions: await recentAdminActions(db),
        checklist: await readChecklist(db, app.config.publicUrl),
      };
    },
  );
};
