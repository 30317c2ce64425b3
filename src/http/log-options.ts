import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type pretty from 'pino-pretty';
import type { Config } from '../config.ts';
import { lazyRequire } from '../system/lazy-module.ts';

// Loaded only when logs are pretty-printed; a service writing JSON lines never needs it (issue 14: idle RSS).
const loadPretty = lazyRequire<typeof pretty>('pino-pretty');

/** Whether logs are pretty-printed: LOG_FORMAT forces it, otherwise only when a person watches a terminal. */
export function usePrettyLogs(format: Config['logFormat'], stdoutIsTty: boolean): boolean {
  return format ? format === 'pretty' : stdoutIsTty;
}

/**
 * The stream Fastify's logger writes to: stdout as JSON lines for log collectors (journald, Docker, Loki) —
 * `undefined`, pino's default — or pino-pretty's readable lines when a person reads them (issue 14).
 */
export function logStream(
  format: Config['logFormat'],
  stdoutIsTty = process.stdout.isTTY === true,
): { stream?: pretty.PrettyStream } {
  if (!usePrettyLogs(format, stdoutIsTty)) return {};
  // Synchronous stream in this thread (no worker): a crash still prints its last lines.
  return {
    stream: loadPretty()({
      colorize: stdoutIsTty,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      sync: true,
    }),
  };
}

/**
 * Routes declared with `logLevel: 'warn'` — the RustDesk heartbeat (every 15 s per device) and the client's
 * once-a-second OIDC poll — share one child logger instead of a new pino child per request, which cost ≈ 5 % of
 * a heartbeat's CPU (docs/performance.md). Their warnings and errors carry no request id; every other route's do.
 */
export function quietRouteLoggers(): NonNullable<FastifyServerOptions['childLoggerFactory']> {
  const shared = new WeakMap<FastifyBaseLogger, FastifyBaseLogger>();
  return (logger, bindings, opts) => {
    if (opts.level !== 'warn') return logger.child(bindings, opts);
    let child = shared.get(logger);
    if (!child) {
      child = logger.child({}, { level: 'warn' });
      shared.set(logger, child);
    }
    return child;
  };
}
