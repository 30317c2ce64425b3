import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { classifyDbError } from '../db/faults.ts';
import type { Database } from '../db/schema.ts';

/** A periodic clean-up step (expired sessions, used login states…); must be idempotent across instances. */
export type MaintenanceTask = (db: Kysely<Database>) => Promise<void>;

/** Runs the tasks every `intervalMs` (first run after one interval) until the app closes. */
export function scheduleMaintenance(
  app: FastifyInstance,
  tasks: MaintenanceTask[],
  intervalMs = 15 * 60 * 1000,
): void {
  const timer = setInterval(() => {
    for (const task of tasks) {
      task(app.db.kysely).catch((err: unknown) => {
        // Storage faults are logged once per outage by the database's tracker.
        if (!classifyDbError(err)) app.log.warn({ err }, 'maintenance task failed');
      });
    }
  }, intervalMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
