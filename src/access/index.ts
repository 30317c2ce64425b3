import type { FastifyPluginAsync } from 'fastify';
import { accessClientRoutes } from './client.routes.ts';
import { deviceGroupConsoleRoutes, groupAccessConsoleRoutes } from './console.routes.ts';

export { accessibleDeviceGroups, accessibleDevices, accessibleUsers, type Viewer } from './access.ts';
export { setDeviceGroup } from './device-groups.repo.ts';

/**
 * Who may see which devices: device groups and access rules (console), and the client's
 * "Accessible devices" listings (spec §7) computed from them.
 */
export const accessRoutes: FastifyPluginAsync = async (app) => {
  await app.register(accessClientRoutes, { prefix: '/api' });
  await app.register(deviceGroupConsoleRoutes, { prefix: '/api/console/device-groups' });
  await app.register(groupAccessConsoleRoutes, { prefix: '/api/console/groups' });
};
