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
