import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { repeatUntilClose } from '../db/periodic-task.ts';
import type { Database } from '../db/schema.ts';
import { FLUSH_INTERVAL_MS } from '../devices/presence.ts';
import { strategyConsoleRoutes } from './console.routes.ts';
import { refreshDeviceStrategies } from './effective.ts';
import { FleetSync } from './fleet-sync.ts';
import { deviceFleetRoutes } from './sessions.routes.ts';
import { assignStrategy, findStrategyIdByName } from './strategies.repo.ts';

export { refreshDeviceStrategies } from './effective.ts';
export type { HeartbeatExtras } from './fleet-sync.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Strategies and disconnect requests as the heartbeat answers them (see fleet-sync.ts). */
    fleetSync: FleetSync;
  }
}

/**
 * Assigns the strategy named `strategyName` to the device as its own (device-level) strategy and recomputes
 * its effective strategy (unless the caller does it once for several changes, `refresh: false`); false when
 * no strategy has that name (for `rustdesk --assign` and `preset-*`).
 */
export async function assignStrategyToDeviceByName(
  db: Kysely<Database>,
  deviceId: string,
  strategyName: string,
  refresh = true,
): Promise<boolean> {
  const id = await findStrategyIdByName(db, strategyName);
  if (!id) return false;
  // Joins the caller's transaction when there is one (`rustdesk --assign` is all or nothing).
  if (db.isTransaction) await assignStrategy(db, 'device', deviceId, id);
  else await db.transaction().execute((trx) => assignStrategy(trx, 'device', deviceId, id));
  if (refresh) await refreshDeviceStrategies(db, [deviceId]);
  return true;
}

const routes: FastifyPluginAsync<{ sync: FleetSync }> = async (app, { sync }) => {
  repeatUntilClose(
    app,
    FLUSH_INTERVAL_MS,
    () => sync.tick(),
    () => sync.sync(),
  );
  await app.register(strategyConsoleRoutes, { prefix: '/api/console/strategies' });
  await app.register(deviceFleetRoutes, { prefix: '/api/console/devices' });
};

/**
 * Strategies (issue 10): the console API under /api/console/strategies, a device's strategy and live
 * sessions under /api/console/devices/:id/{strategy,sessions}, and `app.fleetSync` for the heartbeat.
 */
export const strategiesRoutes = fp(
  async (app) => {
    const sync = new FleetSync(app.db.kysely, app.log);
    app.decorate('fleetSync', sync);
    // The mirror starts full; a database down at start is retried by the timer.
    await sync.sync();
    await app.register(routes, { sync });
  },
  { name: 'strategies' },
);
