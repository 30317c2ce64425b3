import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../accounts/sessions.ts';
import { AppError } from '../errors.ts';
import { preloadPages } from './console-preload.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built console at `/` with a single-page-app fallback: unknown non-API GETs return
 * index.html so deep links work; unknown API paths stay JSON 404s.
 */
export async function registerConsole(app: FastifyInstance, dir: string | undefined): Promise<void> {
  const hasConsole = dir !== undefined && existsSync(path.join(dir, 'index.html'));
  const preloading = hasConsole ? preloadPages(dir) : new Map<string, string>();
  if (hasConsole) {
    const assets = path.join(dir, 'assets') + path.sep;
    await app.register(fastifyStatic, {
      root: dir,
      prefix: '/',
      index: ['index.html'],
      wildcard: false,
      // Vite names each file under assets/ by its content's hash, so a browser keeps it without asking again;
      // index.html (which names the current ones) is asked for anew each time. Before, every reload revalidated
      // each script and stylesheet, one round trip each (issue 14).
      cacheControl: false,
      setHeaders: (res, file) => {
        res.setHeader('cache-control', file.startsWith(assets) ? IMMUTABLE : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const isApi = url.startsWith('/api/') || url === '/api' || url.startsWith('/api-docs');
    if (hasConsole && request.method === 'GET' && !isApi) {
      const preloaded = preloading.get(url);
      if (!preloaded) return reply.type('text/html').sendFile('index.html');
      // The page's data is only worth asking for with a session; signed out, the plain page (sign-in form).
      void reply
        .header('vary', 'Cookie')
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8');
      return request.cookies[SESSION_COOKIE] ? preloaded : reply.sendFile('index.html');
    }
    throw new AppError('NOT_FOUND', 404, `There is no ${request.method} ${url} on this server.`);
  });
}
