// Fastify 5 set up the way DeskGate sets it up, with none of DeskGate's features (issue 14): what the framework
// costs a heartbeat before presence, strategies or the database do anything. bench/heartbeat.ts prints the
// heartbeat's share of it beside the share of the bare route (bench/baseline-server.mjs).
//
// As src/app.ts and src/devices/client.routes.ts do, with DeskGate's own set-up pieces from its build (the shared
// logger of quiet routes, the security headers hook, the depth-checked JSON parser, the closing hook, the
// heartbeat's body and reply schemas): a pino logger at `info` writing JSON (to /dev/null here, DeskGate's stdout),
// the heartbeat's `logLevel: 'warn'`, the same Ajv options, body limit and return503OnClosing, @fastify/cookie, and
// as many routes as DeskGate registers (286 with the HEAD routes of the GETs, counted with `app.printRoutes()`).
// The handler notes its device's time in a Map and answers `{}`.
import { createWriteStream } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import Fastify from 'fastify';

const dist = (file) => import(new URL(`../dist/server/${file}`, import.meta.url).href);
const { quietRouteLoggers } = await dist('http/log-options.js');
const { securityHeadersHook } = await dist('http/security-headers.js');
const { depthLimitedJsonParser } = await dist('http/json-body.js');
const { closeConnectionsWhenClosing } = await dist('http/closing.js');
const { HeartbeatBody, HeartbeatReply } = await dist('devices/client.routes.js');

const app = Fastify({
  logger: { level: 'info', stream: createWriteStream('/dev/null') },
  bodyLimit: 1024 * 1024,
  ajv: {
    customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
  },
  return503OnClosing: true,
  childLoggerFactory: quietRouteLoggers(),
});
closeConnectionsWhenClosing(app);
app.removeContentTypeParser('text/plain');
app.removeContentTypeParser('application/json');
app.addContentTypeParser('application/json', { parseAs: 'string' }, depthLimitedJsonParser(app));
app.addHook('onRequest', securityHeadersHook(undefined));
await app.register(fastifyCookie);

// 110 GETs (and their HEADs) and 63 POSTs, static and with parameters, as DeskGate's API has them.
for (let i = 0; i < 110; i++) {
  const url = i % 2 ? `/api/console/area${i}/:id` : `/api/console/area${i}`;
  app.get(url, async () => ({}));
  if (i < 63) app.post(`/api/area${i}${i % 3 ? '/:id/action' : ''}`, async () => ({}));
}

const seen = new Map();
app.get('/readyz', async () => ({ ok: true }));
app.get('/', async () => ({ ok: true }));
app.post(
  '/api/heartbeat',
  { logLevel: 'warn', schema: { body: HeartbeatBody, response: { 200: HeartbeatReply } } },
  (request) => {
    seen.set(request.body.id, Date.now());
    return {};
  },
);
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
