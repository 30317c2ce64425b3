import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { repeatUntilClose } from '../db/periodic-task.ts';
import { deviceApprovalRoutes } from './approval.routes.ts';
import { deviceClientRoutes } from './client.routes.ts';
import { clientSessionRoutes } from './client-sessions.routes.ts';
import { deviceConsoleRoutes } from './console.routes.ts';
import { FLUSH_INTERVAL_MS, Presence } from './presence.ts';

export { SYSINFO_VERSION } from './client.routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Buffered heartbeat times (see presence.ts); `flush()` writes them now. */
    devicePresence: Presence;
  }
}

const routes: FastifyPluginAsync<{ presence: Presence }> = async (app, { presence }) => {
  repeatUntilClose(
    app,
    FLUSH_INTERVAL_MS,
    () => presence.tick(),
    () => presence.flush(),
  );
  await app.register(deviceClientRoutes, { prefix: '/api', presence });
  await app.register(deviceConsoleRoutes, { prefix: '/api/console/devices', presence });
  await app.register(clientSessionRoutes, { prefix: '/api/console/users' });
  await app.register(deviceApprovalRoutes, { prefix: '/api/console/device-approval' });
};

/**
 * Devices: the client's heartbeat/sysinfo under /api, the console's Devices page API under
 * /api/console/devices, and a user's signed-in clients under /api/console/users/:id/client-sessions.
 */
export const devicesRoutes = fp(
  async (app) => {
    const presence = new Presence(app.db.kysely, app.log, app.db.outage);
    app.decorate('devicePresence', presence);
    await app.register(routes, { presence });
  },
  { name: 'devices' },
);
