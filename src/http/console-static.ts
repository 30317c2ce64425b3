import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * Serves the built console at `/` with a single-page-app fallback: unknown non-API GETs return
 * index.html so deep links work; unknown API paths stay JSON 404s.
 */
export async function registerConsole(app: FastifyInstance, dir: string | undefined): Promise<void> {
  const hasConsole = dir !== undefined && existsSync(path.join(dir, 'index.html'));
  if (hasConsole) {
    await app.register(fastifyStatic, { root: dir, prefix: '/', index: ['index.html'], wildcard: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const isApi = url.startsWith('/api/') || url === '/api' || url.startsWith('/api-docs');
    if (hasConsole && request.method === 'GET' && !isApi) {
      return reply.type('text/html').sendFile('index.html');
    }
    throw new AppError('NOT_FOUND', 404, `There is no ${request.method} ${url} on this server.`);
  });
}
