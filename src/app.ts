import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { accessRoutes } from './access/index.ts';
import { accountsRoutes } from './accounts/index.ts';
import { addressBooksRoutes } from './address-books/index.ts';
import { auditRoutes } from './audit/index.ts';
import { API_TOKEN_SECURITY_SCHEME, automationRoutes } from './automation/index.ts';
import type { Config } from './config.ts';
import { dashboardModule } from './dashboard/index.ts';
import type { Db } from './db/create-db.ts';
import { devicesRoutes } from './devices/index.ts';
import { emailCapability } from './email/index.ts';
import { registerErrorHandlers } from './errors.ts';
import { closeConnectionsWhenClosing } from './http/closing.ts';
import { registerConsole } from './http/console-static.ts';
import './http/context.ts';
import { depthLimitedJsonParser } from './http/json-body.ts';
import { lazySchemaController } from './http/lazy-schemas.ts';
import { logStream, quietRouteLoggers } from './http/log-options.ts';
import { securityHeadersHook } from './http/security-headers.ts';
import { ldapCapability } from './ldap/index.ts';
import { registerMetrics } from './metrics/index.ts';
import { rustdeskRoutes } from './rustdesk/index.ts';
import { scimCapability } from './scim/index.ts';
import { ssoRoutes } from './sso/index.ts';
import { strategiesRoutes } from './strategies/index.ts';
import { systemRoutes } from './system/index.ts';

export interface AppDeps {
  db: Db;
  /** Where logs go; tests pass a silent or capturing logger. */
  logger?: FastifyServerOptions['logger'];
}

/** Keys whose values never reach the log. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.clientSecret',
  '*.client_secret',
  '*.access_token',
  '*.id_token',
  '*.refresh_token',
  '*.token',
  '*.secret',
  '*.tfaCode',
  '*.verificationCode',
  '*.challenge',
];

/**
 * The OAuth authorization `code` (and the RustDesk device-login `code`) travel in query strings, which the
 * request log prints as `url`; only that value is hidden — a blanket `*.code` redaction also hid `err.code`
 * (SQLITE_FULL, ECONNREFUSED…) from the logs (issue 15).
 */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:code|id_token|access_token)=)[^&#]*/gi, '$1[redacted]');
}

/** Fastify's request serializer, with {@link redactUrl} applied. */
export const LOG_SERIALIZERS = {
  req: (req: {
    method: string;
    url: string;
    host?: string;
    ip?: string;
    socket?: { remotePort?: number };
  }) => ({
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }),
};

/** Builds the whole server from its config; never listens (main.ts does). */
export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: LOG_SERIALIZERS,
      ...logStream(config.logFormat),
    },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Unknown fields are an error a person should see, not data silently dropped.
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
    return503OnClosing: true,
    schemaController: lazySchemaController(),
    childLoggerFactory: quietRouteLoggers(),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);
  app.decorate('db', deps.db);
  deps.db.outage.attach(app.log);
  app.decorateRequest('auth', null);
  registerErrorHandlers(app);
  registerMetrics(app);
  closeConnectionsWhenClosing(app);
  // JSON is the only body the API speaks (the RustDesk client always sends application/json);
  // anything else is a clear 415 rather than a string that fails validation later.
  app.removeContentTypeParser('text/plain');
  // Deeply nested JSON is refused before it is parsed (json-body.ts); routes with their own parser reuse it.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, depthLimitedJsonParser(app));

  // Security headers on every answer, errors and 404s included (issue 9 §6).
  app.addHook('onRequest', securityHeadersHook(config.publicUrl));
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'DeskGate API', version: '0.1.0', description: 'RustDesk API server and console API' },
      components: { securitySchemes: { apiToken: API_TOKEN_SECURITY_SCHEME } },
    },
  });
  // No validator badge: it is an image from validator.swagger.io, which the CSP (rightly) refuses.
  await app.register(fastifySwaggerUi, { routePrefix: '/api-docs', uiConfig: { validatorUrl: null } });

  await app.register(systemRoutes);
  await app.register(accountsRoutes, { prefix: '/api/console' });
  await app.register(ssoRoutes);
  await app.register(rustdeskRoutes);
  await app.register(auditRoutes);
  await app.register(addressBooksRoutes);
  await app.register(strategiesRoutes);
  await app.register(devicesRoutes);
  await app.register(accessRoutes);
  await app.register(automationRoutes);
  await app.register(scimCapability);
  await app.register(dashboardModule);
  await app.register(ldapCapability);
  await app.register(emailCapability);
  await registerConsole(app, config.consoleDir);
  return app;
}
