import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { safeEqual } from '../security/tokens.ts';
import { ErrorResponse } from '../shared/common.ts';
import { ONLINE_WINDOW_MS } from '../shared/devices.ts';
import { metrics } from './metrics.ts';
import { readSecretExpiries } from './secret-expiry.ts';

/** `Authorization: Bearer <METRICS_TOKEN>`, compared in constant time (`safeEqual` hashes, so lengths never leak). */
function checkToken(token: string) {
  return async (request: FastifyRequest) => {
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!given || !safeEqual(given, token)) {
      throw new AppError(
        'NOT_AUTHENTICATED',
        401,
        'The metrics need the token from METRICS_TOKEN: send it as "Authorization: Bearer <token>" (scrape_config bearer_token).',
        { 'www-authenticate': 'Bearer realm="metrics"' },
      );
    }
  };
}

const schema = {
  tags: ['system'],
  summary: 'Prometheus metrics (text exposition format)',
  response: { 200: Type.String(), 401: ErrorResponse },
};

const offSchema = { hide: true, response: { 404: ErrorResponse } };

/**
 * `GET /metrics` on the main port when no METRICS_TOKEN is set: a JSON 404 that says how to turn the metrics on,
 * instead of the console's index.html with a 200, which a scraper would take for a page of metrics.
 */
function metricsOffRoute(app: FastifyInstance, metricsPort: number | undefined): void {
  const message =
    metricsPort === undefined
      ? 'Metrics are off. Set METRICS_TOKEN (24 characters or more) to serve GET /metrics here to "Authorization: Bearer <token>", or METRICS_PORT to serve them on a separate listener (see docs/operations.md).'
      : `Metrics are not served on this port: they are on METRICS_PORT (${metricsPort}). Set METRICS_TOKEN to serve them here too, to "Authorization: Bearer <token>".`;
  app.get('/metrics', { schema: offSchema }, async () => {
    throw new AppError('NOT_FOUND', 404, message);
  });
}

async function scrape(_request: FastifyRequest, reply: FastifyReply): Promise<string> {
  reply.header('content-type', metrics.registry.contentType);
  return metrics.registry.metrics();
}

/**
 * Request metrics for every route, and `GET /metrics` on the main port when METRICS_TOKEN is set (issue 14).
 * Off by default: nothing is measured per request and `/metrics` is a 404 unless METRICS_TOKEN or METRICS_PORT
 * is configured. Called from buildApp (not registered as a plugin) so that its hooks see every route.
 */
export function registerMetrics(app: FastifyInstance): void {
  const { metricsToken, metricsPort } = app.config;
  if (!metricsToken) metricsOffRoute(app, metricsPort);
  if (!metricsToken && metricsPort === undefined) return;
  metrics.startProcessMetrics();
  // Callback style: this runs on every response, the heartbeat included (no promise per request).
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(
      request.routeOptions.url ?? 'unmatched',
      request.method,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.addHook('onReady', async () => {
    metrics.setSources({
      devicesOnline: () => countDevicesOnline(app),
      heartbeatBuffered: () => (app.hasDecorator('devicePresence') ? app.devicePresence.buffered : 0),
      pool: app.db.pool,
      secretExpiries: () => readSecretExpiries(app.db.kysely),
    });
  });
  app.addHook('onClose', async () => metrics.setSources(undefined));
  if (metricsToken) app.get('/metrics', { schema, onRequest: checkToken(metricsToken) }, scrape);
}

async function countDevicesOnline(app: FastifyInstance): Promise<number> {
  const row = await app.db.kysely
    .selectFrom('device_presence')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('last_seen_at', '>=', Date.now() - ONLINE_WINDOW_MS)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * METRICS_PORT: a second listener that serves only `GET /metrics`, without a token — bind it (METRICS_HOST,
 * default 127.0.0.1) where only Prometheus reaches it. Started by main.ts after the app listens.
 */
export async function startMetricsServer(config: Config): Promise<FastifyInstance | undefined> {
  if (config.metricsPort === undefined) return undefined;
  const server = Fastify({ logger: false });
  server.get('/metrics', { schema: { response: { 200: Type.String() } } }, scrape);
  await server.listen({ port: config.metricsPort, host: config.metricsHost });
  return server;
}
