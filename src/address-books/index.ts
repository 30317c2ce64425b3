import type { FastifyPluginAsync } from 'fastify';
import { clientReadRoutes } from './client-read.routes.ts';
import { clientWriteRoutes } from './client-write.routes.ts';
import { consoleBooksRoutes } from './console-books.routes.ts';
import { consoleItemsRoutes } from './console-items.routes.ts';

/**
 * Address books: the RustDesk client's API under /api/ab* (spec §6) and the console's under
 * /api/console/address-books.
 */
export const addressBooksRoutes: FastifyPluginAsync = async (app) => {
  await app.register(clientReadRoutes, { prefix: '/api' });
  await app.register(clientWriteRoutes, { prefix: '/api' });
  await app.register(consoleBooksRoutes, { prefix: '/api/console/address-books' });
  await app.register(consoleItemsRoutes, { prefix: '/api/console/address-books' });
};
