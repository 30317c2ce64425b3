import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { classifyDbError } from './faults.ts';

/**
 * A background step (heartbeat flush, fleet sync) that never overlaps itself: a timer tick while the
 * previous run is still going is skipped, so batches never pile up; `run()` waits for a run in progress and
 * then runs once more (tests, shutdown's last flush). A failing step is logged once per outage — the first
 * failure warns, the next ones stay quiet until a run succeeds — and never when the database is the fault
 * (classifyDbError): the database's outage tracker (db/outage.ts) says that once for every task.
 */
export class PeriodicTask {
  private running: Promise<void> | undefined;
  private failing = false;
  private readonly name: string;
  private readonly log: FastifyBaseLogger;
  private readonly step: () => Promise<void>;

  constructor(name: string, log: FastifyBaseLogger, step: () => Promise<void>) {
    this.name = name;
    this.log = log;
    this.step = step;
  }

  /** The timer's step: skipped while the previous run is still going. */
  tick(): void {
    if (!this.running) void this.run();
  }

  /** Runs the step now (after a run in progress); never rejects, failures are logged as above. */
  async run(): Promise<void> {
    while (this.running) await this.running;
    this.running = this.guarded().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async guarded(): Promise<void> {
    try {
      await this.step();
      if (this.failing) this.log.info(`${this.name}: working again`);
      this.failing = false;
    } catch (err) {
      if (!this.failing && !classifyDbError(err))
        this.log.warn({ err }, `${this.name} failed; retrying every tick (logged once until it works again)`);
      this.failing = true;
    }
  }
}

/**
 * Calls `tick` every `intervalMs` on a timer that never keeps the process alive (unref), until the app
 * closes; then `last` runs once from an encapsulated onClose hook, after in-flight requests and before the
 * root's (main.ts closes the database there).
 */
export function repeatUntilClose(
  app: FastifyInstance,
  intervalMs: number,
  tick: () => void,
  last: () => Promise<void>,
): void {
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await last();
  });
}
