import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/**
 * Copies SQLite's write-ahead log into the database file from a worker thread, on its own connection.
 *
 * better-sqlite3 is synchronous: the automatic checkpoint runs inside the COMMIT that crosses 1,000 WAL pages,
 * on the event loop, and its fsyncs took 61–301 ms of wall time on the test machine's disk (4–9 ms of CPU) —
 * every request waits that long (docs/performance.md, heartbeat p99). A PASSIVE checkpoint from another
 * connection never takes the writer's lock (https://www.sqlite.org/wal.html#checkpointing), so the event loop
 * only ever appends to the WAL, which with `synchronous = NORMAL` does not fsync.
 *
 * If the worker cannot start or dies, the connection's automatic checkpoint is turned back on: the WAL must
 * never grow without bound because a background helper is gone.
 */
export interface WalCheckpointer {
  /** Resolves when the worker is running and the automatic checkpoint is off (or back on after a failure). */
  readonly ready: Promise<void>;
  /** Checkpoints the worker reported, and the last failure (for tests and the logs). */
  stats(): { checkpoints: number; lastError: string | undefined; running: boolean };
  stop(): Promise<void>;
}

/** SQLite's own default (`wal_autocheckpoint`), restored when the worker is gone. */
const AUTOCHECKPOINT_PAGES = 1000;

// Plain CommonJS, evaluated in the worker (`eval: true`), so the same code runs from the sources (tests) and
// from the build without a separate entry file. The driver path comes from the parent: a worker's `require`
// resolves from the process's working directory, which need not be DeskGate's.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const timer = setInterval(() => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, result });
  } catch (err) {
    parentPort.postMessage({ ok: false, message: String(err && err.message) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage({ started: true });
`;

export function startWalCheckpointer(
  sqlite: SQLite.Database,
  file: string,
  intervalMs = 1000,
): WalCheckpointer {
  let checkpoints = 0;
  let lastError: string | undefined;
  let running = false;
  let stopping = false;
  const fallBack = () => {
    running = false;
    // A closed connection (the process is shutting down) has nothing left to protect.
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, intervalMs } });
  worker.unref(); // never what keeps the process alive
  const ready = new Promise<void>((resolve) => {
    worker.on('message', (message: { started?: true; ok?: boolean; message?: string }) => {
      if (message.started) {
        sqlite.pragma('wal_autocheckpoint = 0');
        running = true;
        resolve();
      } else if (message.ok) checkpoints++;
      else lastError = message.message;
    });
    worker.on('error', (err) => {
      lastError = err.message;
      fallBack();
      resolve();
    });
    worker.on('exit', () => {
      if (!stopping) fallBack();
      resolve();
    });
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    ready,
    stats: () => ({ checkpoints, lastError, running }),
    async stop() {
      if (stopping) return exited;
      stopping = true;
      running = false;
      // Held while it stops: with nothing else pending (a start that failed), an unref'd worker let the
      // process exit silently with status 0 mid-`await`, before the start-up error was printed.
      worker.ref();
      worker.postMessage('stop');
      // A worker stuck in a checkpoint (a hung disk) must not hold up the shutdown deadline.
      const timeout = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
