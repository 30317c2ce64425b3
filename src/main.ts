import type { FastifyInstance } from 'fastify';
import {
  assertFirstAdminPassword,
  bootstrapAccounts,
  FIRST_ADMIN_USERNAME,
  pruneExpiredSessions,
} from './accounts/index.ts';
import { pruneExpiredThrottle } from './accounts/throttle.ts';
import { buildApp } from './app.ts';
import { pruneAuditLog } from './audit/index.ts';
import type { Config } from './config.ts';
import { openDatabase, sqliteFile } from './db/open-database.ts';
import { startMetricsServer } from './metrics/index.ts';
import { pruneExpiredDeviceLogins } from './rustdesk/index.ts';
import { checkSecretKey } from './security/key-check.ts';
import { pruneExpiredPendingLogins } from './sso/index.ts';
import { bannerLines } from './system/banner.ts';
import { scheduleMaintenance } from './system/maintenance.ts';
import { toStartupError } from './system/startup-errors.ts';
import { releaseYoungGeneration } from './system/young-generation.ts';

/** The impure edge: migrate, bootstrap, build, listen, and close gracefully on SIGTERM/SIGINT. */
export async function startServer(
  config: Config,
  out: (line: string) => void = console.log,
): Promise<FastifyInstance> {
  const { db } = await openDatabase(config, { backgroundCheckpoint: true });
  let first: Awaited<ReturnType<typeof bootstrapAccounts>>;
  try {
    await checkSecretKey(db.kysely, config.secretKey);
    await assertFirstAdminPassword(db.kysely, config.adminPassword);
    first = await bootstrapAccounts(db.kysely, config.adminPassword);
  } catch (err) {
    await db.close().catch(() => {});
    // The first writes are where a full disk shows at start (the open itself only reads).
    throw db.dialect === 'sqlite' ? toStartupError(err, sqliteFile(config)) : err;
  }
  const app = await buildApp(config, { db });
  scheduleMaintenance(app, [
    pruneExpiredSessions,
    pruneExpiredPendingLogins,
    pruneExpiredDeviceLogins,
    pruneAuditLog,
    pruneExpiredThrottle,
  ]);
  await app.listen({ port: config.port, host: config.host });
  const metricsServer = await startMetricsServer(config);
  releaseYoungGeneration();
  await db.checkpointer?.ready;
  const checkpoints = db.checkpointer?.stats();
  if (checkpoints && !checkpoints.running)
    app.log.warn(
      { err: checkpoints.lastError },
      'SQLite checkpoints run on the request path: the background checkpoint worker did not start',
    );

  const port = (app.server.address() as { port: number }).port;
  const storage = db.dialect === 'postgres' ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  for (const line of bannerLines({ host: config.host, port, publicUrl: config.publicUrl, storage }))
    out(line);
  if (first.created) {
    out(
      first.generatedPassword
        ? `First start: sign in as "${FIRST_ADMIN_USERNAME}" with password ${first.generatedPassword}  (shown once; change it in the console)`
        : `First start: sign in as "${FIRST_ADMIN_USERNAME}" with the password from DESKGATE_ADMIN_PASSWORD.`,
    );
  }

  let closing = false;
  const close = (signal: string) => {
    if (closing) return;
    closing = true;
    const deadline = config.shutdownTimeoutMs;
    app.log.info({ signal, deadlineMs: deadline }, 'shutting down: finishing in-flight requests');
    // A request still open near the deadline (a stalled upload, a client that never reads) is cut, so the
    // buffered heartbeats are still written in the time left; past the deadline the process exits anyway,
    // because systemd kills it soon after (deploy/deskgate.service TimeoutStopSec).
    const cutAfter = Math.max(deadline - 2000, deadline / 2);
    setTimeout(() => {
      app.log.warn({ afterMs: cutAfter }, 'shutting down: closing connections still open');
      app.server.closeAllConnections();
    }, cutAfter).unref();
    setTimeout(() => {
      app.log.error({ deadlineMs: deadline }, 'shutting down: deadline reached, exiting now');
      process.exit(1);
    }, deadline).unref();
    // The database closes after the app, not in an onClose hook: those run last-registered-first, so it
    // would close before the plugins that still write on close (buffered heartbeats, src/devices/presence.ts).
    app
      .close()
      .then(() => metricsServer?.close())
      .then(() => db.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          app.log.error({ err }, 'error while shutting down');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => close('SIGTERM'));
  process.once('SIGINT', () => close('SIGINT'));
  return app;
}
